//! The schema, one migration per format version. `PRAGMA user_version` holds
//! the version a database is at; opening a store applies what is missing, in
//! one transaction per step.

/// Migrations in order; the database is at version N after the first N ran.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: documents, articles, sentences, full-text index.
    r#"
    CREATE TABLE documents (
        id          INTEGER PRIMARY KEY,
        origin      TEXT NOT NULL,
        name        TEXT NOT NULL,
        version     INTEGER NOT NULL,
        hash        TEXT NOT NULL UNIQUE,
        format      TEXT NOT NULL,
        encoding    TEXT NOT NULL,
        bytes       INTEGER NOT NULL,
        ingested_at TEXT NOT NULL,
        current     INTEGER NOT NULL DEFAULT 1,
        UNIQUE (origin, version)
    );
    CREATE INDEX documents_origin ON documents (origin, current);

    CREATE TABLE articles (
        id          INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
        position    INTEGER NOT NULL,
        title       TEXT,
        published   TEXT,
        views       INTEGER,
        via         TEXT NOT NULL DEFAULT '[]',
        url         TEXT,
        language    TEXT,
        text        TEXT NOT NULL,
        UNIQUE (document_id, position)
    );
    CREATE INDEX articles_published ON articles (published);

    CREATE TABLE sentences (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        idx        INTEGER NOT NULL,
        start      INTEGER NOT NULL,
        end        INTEGER NOT NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;

    CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text, content = 'articles', content_rowid = 'id',
        tokenize = 'unicode61 remove_diacritics 2', detail = column
    );
    -- Bulk writes: an 8 MiB in-memory index before a segment is written (1 MiB
    -- by default), and merges of 8 segments per level (4 by default), so a
    -- large ingest writes fewer segments and merges them less often.
    INSERT INTO articles_fts (articles_fts, rank) VALUES ('hashsize', 8388608);
    INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 8);
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
    END;
    "#,
    // 2: what the extractor made of each article: the record as JSON, and its
    // events as rows to filter on (countries and actors as ` A B ` lists).
    r#"
    CREATE TABLE extractions (
        article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
        record     TEXT NOT NULL
    );
    CREATE TABLE events (
        id               INTEGER PRIMARY KEY,
        article_id       INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        idx              INTEGER NOT NULL,
        type             TEXT NOT NULL,
        mode             TEXT,
        date             TEXT,
        date_basis       TEXT,
        source_countries TEXT NOT NULL,
        target_countries TEXT NOT NULL,
        actors           TEXT NOT NULL,
        topics           TEXT NOT NULL,
        cameo            TEXT,
        plover           TEXT,
        rule             TEXT,
        trigger          TEXT,
        sentence         INTEGER,
        start            INTEGER,
        end              INTEGER,
        evidence         TEXT NOT NULL,
        UNIQUE (article_id, idx)
    );
    CREATE INDEX events_date ON events (date);
    CREATE INDEX events_type_date ON events (type, date);
    "#,
    // 3: sentence spans packed into their article (one value instead of a row
    // per sentence); articles stored before keep their rows in `sentences`.
    r#"
    ALTER TABLE articles ADD COLUMN spans BLOB;
    ALTER TABLE articles ADD COLUMN sentence_count INTEGER NOT NULL DEFAULT 0;
    "#,
    // 4: actors across articles, and which article-local actor is which.
    r#"
    CREATE TABLE actors (
        id       TEXT PRIMARY KEY,
        name     TEXT NOT NULL,
        kind     TEXT NOT NULL,
        country  TEXT,
        aliases  TEXT NOT NULL,
        roles    TEXT NOT NULL,
        mentions INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX actors_country ON actors (country);
    CREATE TABLE actor_mentions (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        local_id   TEXT NOT NULL,
        actor_id   TEXT NOT NULL,
        PRIMARY KEY (article_id, local_id)
    ) WITHOUT ROWID;
    CREATE INDEX actor_mentions_actor ON actor_mentions (actor_id);
    "#,
    // 5: the analysts' corrections of actors, an auditable log re-applied after
    // every resolution.
    r#"
    CREATE TABLE curation_log (
        id     INTEGER PRIMARY KEY,
        at     TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('merge', 'split', 'alias')),
        a      TEXT NOT NULL,
        b      TEXT
    );
    "#,
    // 6: occurrences: one real-world event and every report of it.
    r#"
    CREATE TABLE occurrences (
        id                  TEXT PRIMARY KEY,
        type                TEXT NOT NULL,
        date                TEXT,
        actors              TEXT NOT NULL,
        reports             INTEGER NOT NULL,
        independent_sources INTEGER NOT NULL,
        log                 TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE occurrence_reports (
        occurrence_id TEXT NOT NULL,
        article_id    INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        idx           INTEGER NOT NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;
    CREATE INDEX occurrence_reports_occurrence ON occurrence_reports (occurrence_id);
    "#,
    // 7: commitments (every INTEND and INVITE) and what became of them.
    r#"
    CREATE TABLE commitments (
        id           TEXT PRIMARY KEY,
        kind         TEXT NOT NULL,
        actors       TEXT NOT NULL,
        counterparts TEXT NOT NULL,
        countries    TEXT NOT NULL,
        made         TEXT,
        due          TEXT,
        status       TEXT NOT NULL CHECK (status IN ('open', 'fulfilled', 'lapsed')),
        fulfilled_by TEXT
    ) WITHOUT ROWID;
    "#,
    // 8: what resolving new articles incrementally looks up: actors by the
    // keys of their names, event reports by day and by participant, open
    // commitments by their actors and counterparts, and how far resolution
    // has come (`meta.resolved_upto`, an article id).
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE actor_keys (
        key      TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        PRIMARY KEY (key, actor_id)
    ) WITHOUT ROWID;
    CREATE TABLE reports (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        idx        INTEGER NOT NULL,
        type       TEXT NOT NULL,
        day        TEXT,
        record     TEXT NOT NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;
    CREATE INDEX reports_type_day ON reports (type, day);
    CREATE TABLE report_keys (
        key        TEXT NOT NULL,
        type       TEXT NOT NULL,
        at         TEXT,
        article_id INTEGER NOT NULL,
        idx        INTEGER NOT NULL,
        PRIMARY KEY (key, type, at, article_id, idx)
    ) WITHOUT ROWID;
    CREATE INDEX report_keys_report ON report_keys (article_id, idx);
    CREATE TABLE commitment_keys (
        role          TEXT NOT NULL CHECK (role IN ('actor', 'partner')),
        key           TEXT NOT NULL,
        until         TEXT NOT NULL,
        commitment_id TEXT NOT NULL,
        PRIMARY KEY (role, key, until, commitment_id)
    ) WITHOUT ROWID;
    CREATE INDEX commitment_keys_commitment ON commitment_keys (commitment_id);
    CREATE INDEX occurrences_type_date ON occurrences (type, date);
    CREATE INDEX commitments_status ON commitments (status, made);
    "#,
    // 9: meetings by participant replace `report_keys`: one row per person
    // taking part in a MEET (the report's other keys packed into `others`)
    // instead of one per key of every report, with no second index, filed
    // by month first, so a stream's new meetings go into the newest part of
    // the b-tree, not all over it (a commitment looks in the months between
    // when it was made and its last day); and
    // `reports` goes: a day's earlier reports are made again from their
    // articles' records and actor links when the day is merged again. The
    // next resolution is a full one, which fills `meetings`.
    r#"
    DROP TABLE report_keys;
    DROP TABLE reports;
    CREATE TABLE meetings (
        month      TEXT NOT NULL,
        person     TEXT NOT NULL,
        at         TEXT NOT NULL,
        article_id INTEGER NOT NULL,
        idx        INTEGER NOT NULL,
        others     TEXT NOT NULL,
        PRIMARY KEY (month, person, at, article_id, idx)
    ) WITHOUT ROWID;
    DELETE FROM meta WHERE key = 'resolved_upto';
    "#,
    // 10: actor mentions by actor within buckets of 65,536 articles, so a
    // stream's new links go into the newest part of the index, not all over
    // it (which grew the cost of every link with the store); an actor's
    // mentions are found with one look per bucket (`MENTIONS_OF_ACTOR`).
    r#"
    DROP INDEX actor_mentions_actor;
    CREATE INDEX actor_mentions_actor ON actor_mentions ((article_id >> 16), actor_id);
    "#,
    // 11: the fetch log of `attache watch`: the sources it follows, and per
    // URL (listing, article page, robots.txt) what was fetched, when, the
    // answer, its validators and content hash, and what is left to fetch.
    r#"
    CREATE TABLE watch_sources (
        name      TEXT PRIMARY KEY,
        url       TEXT NOT NULL,
        kind      TEXT NOT NULL,
        polled_at TEXT
    ) WITHOUT ROWID;
    CREATE TABLE watch_fetches (
        url           TEXT PRIMARY KEY,
        source        TEXT NOT NULL,
        kind          TEXT NOT NULL,
        state         TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
        fetched_at    TEXT,
        succeeded_at  TEXT,
        status        INTEGER,
        etag          TEXT,
        last_modified TEXT,
        hash          TEXT,
        error         TEXT,
        failed_at     TEXT,
        failures      INTEGER NOT NULL DEFAULT 0,
        next_try      TEXT,
        kept          TEXT
    ) WITHOUT ROWID;
    CREATE INDEX watch_fetches_source ON watch_fetches (source, kind, state);
    CREATE INDEX watch_fetches_state ON watch_fetches (state, kind);
    "#,
];

/// `article_id, local_id` of every mention of actor `?1`, through the
/// bucketed index of migration 10 (one look per bucket of 65,536 articles).
pub const MENTIONS_OF_ACTOR: &str = "SELECT article_id, local_id FROM actor_mentions
    WHERE (article_id >> 16) IN (
        WITH RECURSIVE bucket(n) AS (
            SELECT 0 UNION ALL SELECT n + 1 FROM bucket
            WHERE n < (SELECT coalesce(max(article_id), 0) >> 16 FROM actor_mentions))
        SELECT n FROM bucket)
    AND actor_id = ?1";
