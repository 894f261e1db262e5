//! The PostgreSQL schema: the tables of the SQLite format 11, one migration
//! per version, recorded in `attache_schema`. Text that is compared or
//! sorted is `COLLATE "C"` (bytes, as SQLite compares), whatever the
//! database's locale, so both backends order alike.

/// Migrations in order; the database is at version N after the first N ran.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: everything SQLite's format 10 holds but full-text search.
    r#"
    CREATE TABLE meta (
        key   TEXT COLLATE "C" PRIMARY KEY,
        value TEXT COLLATE "C" NOT NULL
    );
    -- Content is keyed by hash: a unique key, so concurrent writers of one
    -- document store it once (INSERT ... ON CONFLICT DO NOTHING).
    CREATE TABLE documents (
        id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        origin      TEXT COLLATE "C" NOT NULL,
        name        TEXT COLLATE "C" NOT NULL,
        version     BIGINT NOT NULL,
        hash        TEXT COLLATE "C" NOT NULL UNIQUE,
        format      TEXT COLLATE "C" NOT NULL,
        encoding    TEXT NOT NULL,
        bytes       BIGINT NOT NULL,
        ingested_at TEXT COLLATE "C" NOT NULL,
        current     BOOLEAN NOT NULL DEFAULT TRUE,
        UNIQUE (origin, version)
    );
    CREATE TABLE articles (
        id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        document_id    BIGINT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        position       BIGINT NOT NULL,
        title          TEXT COLLATE "C",
        published      TEXT COLLATE "C",
        views          BIGINT,
        via            TEXT NOT NULL DEFAULT '[]',
        url            TEXT,
        language       TEXT COLLATE "C",
        text           TEXT NOT NULL,
        spans          BYTEA NOT NULL,
        sentence_count BIGINT NOT NULL,
        UNIQUE (document_id, position)
    );
    CREATE INDEX articles_published ON articles (published);
    CREATE TABLE extractions (
        article_id BIGINT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        record     TEXT NOT NULL
    );
    CREATE TABLE events (
        id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        article_id       BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        idx              BIGINT NOT NULL,
        type             TEXT COLLATE "C" NOT NULL,
        mode             TEXT COLLATE "C",
        date             TEXT COLLATE "C",
        date_basis       TEXT COLLATE "C",
        source_countries TEXT COLLATE "C" NOT NULL,
        target_countries TEXT COLLATE "C" NOT NULL,
        actors           TEXT COLLATE "C" NOT NULL,
        topics           TEXT COLLATE "C" NOT NULL,
        cameo            TEXT COLLATE "C",
        plover           TEXT COLLATE "C",
        rule             TEXT COLLATE "C",
        trigger          TEXT COLLATE "C",
        sentence         BIGINT,
        start            BIGINT,
        "end"            BIGINT,
        evidence         TEXT COLLATE "C" NOT NULL,
        UNIQUE (article_id, idx)
    );
    CREATE INDEX events_date ON events (date);
    CREATE INDEX events_type_date ON events (type, date);
    CREATE TABLE actors (
        id       TEXT COLLATE "C" PRIMARY KEY,
        name     TEXT COLLATE "C" NOT NULL,
        kind     TEXT COLLATE "C" NOT NULL,
        country  TEXT COLLATE "C",
        aliases  TEXT NOT NULL,
        roles    TEXT NOT NULL,
        mentions BIGINT NOT NULL
    );
    CREATE INDEX actors_country ON actors (country);
    CREATE TABLE actor_mentions (
        article_id BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        local_id   TEXT COLLATE "C" NOT NULL,
        actor_id   TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (article_id, local_id)
    );
    CREATE INDEX actor_mentions_actor ON actor_mentions (actor_id);
    CREATE TABLE curation_log (
        id     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at     TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('merge', 'split', 'alias')),
        a      TEXT NOT NULL,
        b      TEXT
    );
    CREATE TABLE occurrences (
        id                  TEXT COLLATE "C" PRIMARY KEY,
        type                TEXT COLLATE "C" NOT NULL,
        date                TEXT COLLATE "C",
        actors              TEXT NOT NULL,
        reports             BIGINT NOT NULL,
        independent_sources BIGINT NOT NULL,
        log                 TEXT NOT NULL
    );
    CREATE INDEX occurrences_type_date ON occurrences (type, date);
    CREATE TABLE occurrence_reports (
        occurrence_id TEXT COLLATE "C" NOT NULL,
        article_id    BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        idx           BIGINT NOT NULL,
        PRIMARY KEY (article_id, idx)
    );
    CREATE INDEX occurrence_reports_occurrence ON occurrence_reports (occurrence_id);
    CREATE TABLE commitments (
        id           TEXT COLLATE "C" PRIMARY KEY,
        kind         TEXT COLLATE "C" NOT NULL,
        actors       TEXT NOT NULL,
        counterparts TEXT NOT NULL,
        countries    TEXT NOT NULL,
        made         TEXT COLLATE "C",
        due          TEXT COLLATE "C",
        status       TEXT COLLATE "C" NOT NULL CHECK (status IN ('open', 'fulfilled', 'lapsed')),
        fulfilled_by TEXT
    );
    CREATE INDEX commitments_status ON commitments (status, made);
    CREATE TABLE actor_keys (
        key      TEXT COLLATE "C" NOT NULL,
        actor_id TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (key, actor_id)
    );
    CREATE TABLE commitment_keys (
        role          TEXT COLLATE "C" NOT NULL CHECK (role IN ('actor', 'partner')),
        key           TEXT COLLATE "C" NOT NULL,
        until         TEXT COLLATE "C" NOT NULL,
        commitment_id TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (role, key, until, commitment_id)
    );
    CREATE INDEX commitment_keys_commitment ON commitment_keys (commitment_id);
    CREATE TABLE meetings (
        month      TEXT COLLATE "C" NOT NULL,
        person     TEXT COLLATE "C" NOT NULL,
        at         TEXT COLLATE "C" NOT NULL,
        article_id BIGINT NOT NULL,
        idx        BIGINT NOT NULL,
        others     TEXT NOT NULL,
        PRIMARY KEY (month, person, at, article_id, idx)
    );
    "#,
    // 2: the order of the API's event pages (dated newest first, ties by
    // id), which SQLite's date index gives by its row ids.
    "CREATE INDEX events_date_id ON events (date, id)",
    // 3: full-text search (the words of each article's title and text as
    // FTS5 cuts and folds them, `pg::search`), to be filled in for the
    // articles stored before (`words_pending`, done when the store is next
    // opened for writing); the fetch log of `attache watch` (SQLite's 11).
    r#"
    ALTER TABLE articles ADD COLUMN words TSVECTOR;
    -- Searched with `lower(aliases) LIKE`: ASCII folding only, as SQLite's.
    ALTER TABLE actors ALTER COLUMN aliases TYPE TEXT COLLATE "C";
    CREATE INDEX articles_words ON articles USING GIN (words);
    INSERT INTO meta (key, value) SELECT 'words_pending', '1' WHERE EXISTS (SELECT 1 FROM articles);
    CREATE TABLE watch_sources (
        name      TEXT COLLATE "C" PRIMARY KEY,
        url       TEXT COLLATE "C" NOT NULL,
        kind      TEXT COLLATE "C" NOT NULL,
        polled_at TEXT COLLATE "C"
    );
    CREATE TABLE watch_fetches (
        url           TEXT COLLATE "C" PRIMARY KEY,
        source        TEXT COLLATE "C" NOT NULL,
        kind          TEXT COLLATE "C" NOT NULL,
        state         TEXT COLLATE "C" NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
        fetched_at    TEXT COLLATE "C",
        succeeded_at  TEXT COLLATE "C",
        status        BIGINT,
        etag          TEXT,
        last_modified TEXT,
        hash          TEXT COLLATE "C",
        error         TEXT,
        failed_at     TEXT COLLATE "C",
        failures      BIGINT NOT NULL DEFAULT 0,
        next_try      TEXT COLLATE "C",
        kept          TEXT
    );
    CREATE INDEX watch_fetches_source ON watch_fetches (source, kind, state);
    CREATE INDEX watch_fetches_state ON watch_fetches (state, kind);
    "#,
    // 4: events partitioned by month (`pg::partitions`): the table made
    // again, partitioned by list on `month` (`YYYY-MM` of the date, '' for
    // none: the default partition, which takes nothing else), a partition
    // for each month already stored, every event moved with its id.
    r#"
    ALTER TABLE events RENAME TO events_unpartitioned;
    DROP INDEX events_date, events_type_date, events_date_id;
    ALTER TABLE events_unpartitioned ALTER COLUMN id DROP IDENTITY;
    ALTER TABLE events_unpartitioned RENAME CONSTRAINT events_pkey TO events_unpartitioned_pkey;
    ALTER TABLE events_unpartitioned RENAME CONSTRAINT events_article_id_idx_key TO events_unpartitioned_key;
    CREATE TABLE events (
        id               BIGINT GENERATED ALWAYS AS IDENTITY,
        article_id       BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        idx              BIGINT NOT NULL,
        type             TEXT COLLATE "C" NOT NULL,
        mode             TEXT COLLATE "C",
        date             TEXT COLLATE "C",
        date_basis       TEXT COLLATE "C",
        source_countries TEXT COLLATE "C" NOT NULL,
        target_countries TEXT COLLATE "C" NOT NULL,
        actors           TEXT COLLATE "C" NOT NULL,
        topics           TEXT COLLATE "C" NOT NULL,
        cameo            TEXT COLLATE "C",
        plover           TEXT COLLATE "C",
        rule             TEXT COLLATE "C",
        trigger          TEXT COLLATE "C",
        sentence         BIGINT,
        start            BIGINT,
        "end"            BIGINT,
        evidence         TEXT COLLATE "C" NOT NULL,
        month            TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (id, month),
        UNIQUE (article_id, idx, month)
    ) PARTITION BY LIST (month);
    CREATE TABLE events_undated PARTITION OF events (CONSTRAINT events_undated_month CHECK (month = '')) DEFAULT;
    DO $$
    DECLARE m TEXT;
    BEGIN
        FOR m IN SELECT DISTINCT substr(date, 1, 7) FROM events_unpartitioned WHERE date ~ '^[0-9]{4}-[0-9]{2}' LOOP
            EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES IN (%L)', 'events_' || replace(m, '-', '_'), m);
            EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I CHECK (month = %L)',
                           'events_' || replace(m, '-', '_'), 'events_' || replace(m, '-', '_') || '_month', m);
        END LOOP;
    END $$;
    INSERT INTO events (id, article_id, idx, type, mode, date, date_basis, source_countries, target_countries,
                        actors, topics, cameo, plover, rule, trigger, sentence, start, "end", evidence, month)
        OVERRIDING SYSTEM VALUE
        SELECT id, article_id, idx, type, mode, date, date_basis, source_countries, target_countries,
               actors, topics, cameo, plover, rule, trigger, sentence, start, "end", evidence,
               CASE WHEN date ~ '^[0-9]{4}-[0-9]{2}' THEN substr(date, 1, 7) ELSE '' END
        FROM events_unpartitioned ORDER BY id;
    SELECT setval(pg_get_serial_sequence('events', 'id'), coalesce(max(id), 0) + 1, false) FROM events;
    DROP TABLE events_unpartitioned;
    CREATE INDEX events_date ON events (date);
    CREATE INDEX events_type_date ON events (type, date);
    CREATE INDEX events_date_id ON events (date, id);
    INSERT INTO meta (key, value) SELECT 'last_event', max(id)::TEXT FROM events HAVING max(id) IS NOT NULL;
    "#,
];

/// Every table of the schema (what `attache check` reads through).
pub(crate) const TABLES: &[&str] = &[
    "meta",
    "documents",
    "articles",
    "extractions",
    "events",
    "actors",
    "actor_mentions",
    "curation_log",
    "occurrences",
    "occurrence_reports",
    "commitments",
    "actor_keys",
    "commitment_keys",
    "meetings",
    "watch_sources",
    "watch_fetches",
];
