//! A real HTTP/1.1 server on loopback for the watcher's tests and
//! `scripts/bench-watch`: fixture replies a test can change between polls,
//! answers of its own (304 for matching validators), replies queued for
//! one request (a 429 before a 200), slow and huge bodies, and a log of
//! every request with its arrival time. std only; one thread per
//! connection; every answer closes its connection.

#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A body as served.
#[derive(Clone, Debug)]
pub enum Body {
    Bytes(Vec<u8>),
    /// `n` bytes of filler HTML, streamed; `announce`: with a Content-Length.
    Huge {
        n: u64,
        announce: bool,
    },
}

/// One reply.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Body,
    /// Waited before the head is sent.
    pub latency: Duration,
    /// Waited between 1 KiB chunks of the body.
    pub trickle: Option<Duration>,
    /// Answer 304 to a request carrying this ETag.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Body::Bytes(body.into()),
            latency: Duration::ZERO,
            trickle: None,
            etag: None,
            last_modified: None,
        }
    }
    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, "text/html; charset=utf-8", body)
    }
    pub fn xml(body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, "application/xml", body)
    }
    pub fn text(body: impl Into<Vec<u8>>) -> Reply {
        Reply::new(200, "text/plain", body)
    }
    pub fn status(status: u16) -> Reply {
        Reply::new(status, "text/plain", format!("status {status}\n"))
    }
    pub fn redirect(to: &str) -> Reply {
        Reply::status(302).header("Location", to)
    }
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
    /// Validators: an ETag and a Last-Modified; a request naming either gets 304.
    pub fn validators(mut self, tag: &str) -> Reply {
        self.etag = Some(format!("\"{tag}\""));
        self.last_modified = Some(format!("Mon, 02 Feb 2026 10:00:{:02} GMT", tag.len() % 60));
        self
    }
    pub fn latency(mut self, d: Duration) -> Reply {
        self.latency = d;
        self
    }
    pub fn trickle(mut self, d: Duration) -> Reply {
        self.trickle = Some(d);
        self
    }
}

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct Logged {
    pub at: Instant,
    pub host: SocketAddr,
    pub path: String,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<String>,
    pub user_agent: Option<String>,
    pub status: u16,
}

impl Logged {
    pub fn conditional(&self) -> bool {
        self.if_none_match.is_some() || self.if_modified_since.is_some()
    }
}

#[derive(Default)]
struct State {
    routes: HashMap<String, Reply>,
    once: HashMap<String, VecDeque<Reply>>,
    log: Vec<Logged>,
}

/// Servers on one or more loopback addresses sharing routes per address and one log.
#[derive(Clone)]
pub struct Server {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
    log: Arc<Mutex<Vec<Logged>>>,
}

impl Server {
    /// A server on `ip` (127.0.0.1, 127.0.0.2, ...: distinct hosts), any port.
    pub fn start(ip: &str) -> Server {
        Server::start_logging(ip, Arc::default())
    }

    /// A server on `ip` that writes its requests to a log shared with others.
    pub fn start_logging(ip: &str, log: Arc<Mutex<Vec<Logged>>>) -> Server {
        let listener = TcpListener::bind((ip, 0)).expect("bind a loopback port");
        let addr = listener.local_addr().unwrap();
        let server = Server { addr, state: Arc::default(), log };
        let s = server.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                let s = s.clone();
                std::thread::spawn(move || s.serve(conn));
            }
        });
        server
    }

    /// `http://ADDR/path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn set(&self, path: &str, reply: Reply) {
        self.state.lock().unwrap().routes.insert(path.to_string(), reply);
    }

    pub fn remove(&self, path: &str) {
        self.state.lock().unwrap().routes.remove(path);
    }

    /// A reply for the next request of `path` only (queued after others).
    pub fn once(&self, path: &str, reply: Reply) {
        self.state.lock().unwrap().once.entry(path.to_string()).or_default().push_back(reply);
    }

    /// Every request so far (of every server sharing the log).
    pub fn log(&self) -> Vec<Logged> {
        self.log.lock().unwrap().clone()
    }

    pub fn clear_log(&self) {
        self.log.lock().unwrap().clear();
    }

    fn serve(&self, mut conn: TcpStream) {
        let _ = conn.set_read_timeout(Some(Duration::from_secs(10)));
        let at = Instant::now();
        let mut head = Vec::new();
        let mut buf = [0u8; 4096];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
            match conn.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
        let head = String::from_utf8_lossy(&head).into_owned();
        let mut lines = head.split("\r\n");
        let path = lines.next().and_then(|l| l.split(' ').nth(1)).unwrap_or("/").to_string();
        let header = |name: &str| {
            head.split("\r\n").skip(1).find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim().eq_ignore_ascii_case(name).then(|| v.trim().to_string())
            })
        };
        let reply = {
            let mut st = self.state.lock().unwrap();
            let queued = st.once.get_mut(&path).and_then(VecDeque::pop_front);
            queued.or_else(|| st.routes.get(&path).cloned()).unwrap_or_else(|| Reply::status(404))
        };
        let (inm, ims) = (header("if-none-match"), header("if-modified-since"));
        let fresh = (reply.etag.is_some() && inm == reply.etag)
            || (inm.is_none() && reply.last_modified.is_some() && ims == reply.last_modified);
        let status = if fresh && reply.status == 200 { 304 } else { reply.status };
        self.log.lock().unwrap().push(Logged {
            at,
            host: self.addr,
            path,
            if_none_match: inm,
            if_modified_since: ims,
            user_agent: header("user-agent"),
            status,
        });
        std::thread::sleep(reply.latency);
        let _ = write_reply(&mut conn, &reply, status);
    }
}

fn write_reply(conn: &mut TcpStream, reply: &Reply, status: u16) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} Status\r\nConnection: close\r\n");
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    for (k, v) in [("ETag", &reply.etag), ("Last-Modified", &reply.last_modified)] {
        if let Some(v) = v {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    let body: &[u8] = match (&reply.body, status) {
        (_, 304) => b"",
        (Body::Bytes(b), _) => b,
        (Body::Huge { n, announce }, _) => {
            if *announce {
                head.push_str(&format!("Content-Length: {n}\r\n"));
            }
            head.push_str("\r\n");
            conn.write_all(head.as_bytes())?;
            let chunk = "<p>filler filler filler filler filler filler filler filler</p>\n".repeat(1024);
            let mut left = *n;
            while left > 0 {
                let take = left.min(chunk.len() as u64) as usize;
                conn.write_all(&chunk.as_bytes()[..take])?;
                left -= take as u64;
            }
            return Ok(());
        }
    };
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    conn.write_all(head.as_bytes())?;
    match reply.trickle {
        Some(pause) => {
            for piece in body.chunks(1024) {
                conn.write_all(piece)?;
                conn.flush()?;
                std::thread::sleep(pause);
            }
        }
        None => conn.write_all(body)?,
    }
    conn.flush()
}

/// A fixture article page, in words written for these tests: a fictional
/// ministry's readout, `n` making each one distinct.
pub fn article_page(n: usize, topic: &str) -> String {
    let para = |i: usize| {
        format!(
            "<p>In the {i}th round of the consultations on {topic}, the delegations reviewed the ferry timetable \
             across the northern strait, the customs posts on the mountain road and the exchange of students \
             between the two river universities. Officials noted that freight on the new line had grown steadily \
             since the spring, and they agreed to meet again before the end of the season (item {n}).</p>"
        )
    };
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Readout {n}: talks on {topic}</title>\
         <meta property=\"article:published_time\" content=\"2026-02-{:02}T09:00:00Z\"></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/en/about\">About</a></nav><main><article>\
         <h1>Readout {n}: talks on {topic}</h1>\
         <p>Foreign Minister Anna Berg of Norland held talks with Foreign Minister Tomas Varn of Sudria in Astana \
         on {topic}; this is fixture article number {n}.</p>{}{}{}</article></main>\
         <footer>Fixture ministry of a fictional state. All rights reserved.</footer></body></html>",
        1 + n % 27,
        para(1),
        para(2),
        para(3)
    )
}

/// An RSS feed linking `links` (path, title) on `base`, each with a short
/// summary of its own.
pub fn rss(base: &str, links: &[(String, String)]) -> String {
    let items: String = links
        .iter()
        .map(|(path, title)| {
            format!(
                "<item><title>{title}</title><link>{base}{path}</link><pubDate>Mon, 02 Feb 2026 09:00:00 GMT</pubDate>\
                 <description>Summary of {title}: the ministers of two fictional states talked about ferries, \
                 roads and students, and agreed to meet again later in the season.</description></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Fixture wire</title><link>{base}/</link>{items}</channel></rss>"
    )
}

/// A sitemap of `paths` on `base`.
pub fn sitemap(base: &str, paths: &[String]) -> String {
    let urls: String =
        paths.iter().map(|p| format!("<url><loc>{base}{p}</loc><lastmod>2026-02-02</lastmod></url>")).collect();
    format!("<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">{urls}</urlset>")
}

/// An HTML index page linking `paths`, with navigation links around them.
pub fn index_page(paths: &[String]) -> String {
    let links: String = paths.iter().map(|p| format!("<li><a href=\"{p}\">Story {p}</a></li>")).collect();
    format!(
        "<html><body><nav><a href=\"/\">Home</a><a href=\"/en/about\">About</a></nav><ul>{links}</ul></body></html>"
    )
}
