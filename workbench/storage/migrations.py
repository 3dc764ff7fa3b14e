"""Schema migrations, applied in order. PRAGMA user_version holds how many have run.

Never edit a migration that has shipped: append a new one.
"""

def _bumps(table: str, document: str) -> str:
    """Triggers that bump a document's change stamp on every row of `table` inserted, updated or
    deleted; `document` is an SQL expression of the row's document id over `row` (new or old).
    Used by migration 14 only: its output must never change."""
    out = []
    for event, row in (("insert", "new"), ("update", "new"), ("delete", "old")):
        out.append(f"""
    CREATE TRIGGER {table}_changes_{event} AFTER {event.upper()} ON {table} BEGIN
        UPDATE document_changes SET changes = changes + 1 WHERE document_id = {document.format(row=row)};
    END;""")
    return "".join(out)


_BY_SEGMENT = "(SELECT document_id FROM segments WHERE id = {row}.segment_id)"


MIGRATIONS: list[str] = [
    # 1: the first schema (see DESIGN.md, "Data model").
    """
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        source_path TEXT,
        source_sha256 TEXT NOT NULL UNIQUE,
        encoding TEXT,
        format TEXT NOT NULL,
        created_at TEXT NOT NULL,
        meta TEXT NOT NULL DEFAULT '{}'
    );
    -- The document's block structure (Markdown headings, list items, quotes, code),
    -- so that an export can rebuild the document around the translated sentences.
    CREATE TABLE paragraphs (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        prefix TEXT NOT NULL DEFAULT '',
        gap TEXT NOT NULL DEFAULT '',
        raw TEXT,
        UNIQUE (document_id, position)
    );
    CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        paragraph INTEGER NOT NULL,
        source TEXT NOT NULL,
        tokens TEXT NOT NULL DEFAULT '[]',
        UNIQUE (document_id, position)
    );
    CREATE INDEX segments_source ON segments(source);
    CREATE TABLE drafts (
        id INTEGER PRIMARY KEY,
        segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
        engine TEXT NOT NULL,
        model TEXT,
        text TEXT,
        request_key TEXT,
        prompt_tokens INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        cost REAL,
        created_at TEXT NOT NULL,
        error TEXT,
        meta TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX drafts_segment ON drafts(segment_id, id);
    CREATE TABLE reviews (
        segment_id INTEGER PRIMARY KEY REFERENCES segments(id) ON DELETE CASCADE,
        status TEXT NOT NULL,
        target TEXT,
        reviewer TEXT,
        revision INTEGER NOT NULL,
        updated_at TEXT NOT NULL,
        note TEXT,
        draft_id INTEGER REFERENCES drafts(id)
    );
    CREATE INDEX reviews_status ON reviews(status);
    CREATE TABLE revisions (
        id INTEGER PRIMARY KEY,
        segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
        revision INTEGER NOT NULL,
        status TEXT NOT NULL,
        target TEXT,
        reviewer TEXT,
        action TEXT NOT NULL,
        note TEXT,
        at TEXT NOT NULL,
        UNIQUE (segment_id, revision)
    );
    CREATE TABLE terms (
        id INTEGER PRIMARY KEY,
        glossary TEXT NOT NULL DEFAULT 'default',
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        variants TEXT NOT NULL DEFAULT '[]',
        forbidden TEXT NOT NULL DEFAULT '[]',
        note TEXT NOT NULL DEFAULT '',
        case_sensitive INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'approved',
        created_at TEXT NOT NULL,
        UNIQUE (glossary, source)
    );
    CREATE TABLE llm_cache (
        request_key TEXT PRIMARY KEY,
        response TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
        model TEXT,
        state TEXT NOT NULL,
        counts TEXT NOT NULL DEFAULT '{}',
        started_at TEXT NOT NULL,
        finished_at TEXT,
        remote_id TEXT
    );
    -- What an OpenAI-compatible endpoint turned out to support (json_schema, json_object, plain).
    CREATE TABLE endpoints (
        base_url TEXT NOT NULL,
        model TEXT NOT NULL,
        response_mode TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (base_url, model)
    );
    """,
    # 2: the files workbench wrote (exports, reports, glossary exports, batch files), so that writing
    # the same file again is allowed while a file somebody else wrote, or edited since, is not replaced.
    """
    CREATE TABLE outputs (
        path TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL,
        written_at TEXT NOT NULL
    );
    """,
    # 3: endpoints were remembered under the base URL as given, credentials (user:password@) included;
    # they are now remembered without them. Rows with credentials are dropped (the response mode is
    # found again by the next run's probe), so no secret stays in the database.
    """
    -- overwrite the deleted rows' bytes on disk too (the default on some SQLite builds, not all)
    PRAGMA secure_delete = ON;
    DELETE FROM endpoints WHERE base_url LIKE '%@%';
    """,
    # 4: a cached reply belongs to the endpoint that gave it: the same request sent elsewhere (another
    # server, another model behind the same name) must be asked there, not answered from this cache.
    # Replies cached before the endpoint was recorded keep endpoint '', which no run asks for: never reused.
    # Each draft records the endpoint it came from (the model it names is the one the endpoint reported).
    """
    CREATE TABLE llm_cache_by_endpoint (
        endpoint TEXT NOT NULL DEFAULT '',
        request_key TEXT NOT NULL,
        response TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (endpoint, request_key)
    );
    INSERT INTO llm_cache_by_endpoint (endpoint, request_key, response, created_at)
        SELECT '', request_key, response, created_at FROM llm_cache;
    DROP TABLE llm_cache;
    ALTER TABLE llm_cache_by_endpoint RENAME TO llm_cache;
    ALTER TABLE drafts ADD COLUMN endpoint TEXT;
    """,
    # 5: a drafting run claims the segments it drafts, so a second run at the same time skips them
    # instead of paying for them again. expires_at is Unix time: a crashed run's claim lapses.
    """
    CREATE TABLE leases (
        segment_id INTEGER PRIMARY KEY REFERENCES segments(id) ON DELETE CASCADE,
        owner TEXT NOT NULL,
        expires_at REAL NOT NULL
    );
    CREATE INDEX leases_owner ON leases(owner);
    """,
    # 6: translation units kept apart from any document: the reviewed segments of a document deleted
    # with --keep-memory (and, later, translation memories imported from TMX). `origin` says where from.
    """
    CREATE TABLE memory (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        reviewer TEXT,
        updated_at TEXT NOT NULL,
        origin TEXT NOT NULL
    );
    CREATE INDEX memory_source ON memory(source);
    -- The highest document and segment ids ever used: after a deletion, new rows start above them, so
    -- an id never names two things (segment ids travel in requests and Batch API files).
    CREATE TABLE retired_ids (
        kind TEXT PRIMARY KEY,
        high INTEGER NOT NULL
    );
    """,
    # 7: alternative drafts: another model's (or another translator's) English for a segment, shown
    # beside the current draft and used as a risk signal; they never become the current draft.
    """
    CREATE TABLE alternatives (
        id INTEGER PRIMARY KEY,
        segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
        engine TEXT NOT NULL,
        model TEXT,
        text TEXT NOT NULL,
        endpoint TEXT,
        prompt_tokens INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        cost REAL,
        created_at TEXT NOT NULL,
        meta TEXT NOT NULL DEFAULT '{}'
    );
    -- the same English from the same engine and model is stored once, however often it is added
    CREATE UNIQUE INDEX alternatives_once ON alternatives(segment_id, engine, ifnull(model, ''), text);
    """,
    # 8: (issue 17) excerpts and the editor's notes: a segment the editor leaves out of the published
    # excerpt (`excluded`, each change also a revisions row, action exclude/include), and one editor's
    # note per segment, published as a footnote (apart from reviews.note, which is a flag's reason).
    """
    ALTER TABLE segments ADD COLUMN excluded INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE notes (
        segment_id INTEGER PRIMARY KEY REFERENCES segments(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        author TEXT,
        updated_at TEXT NOT NULL
    );
    """,
    # 9: MQM (issue 13). An assessment is one model's answer for one draft (an empty answer is "no
    # errors"; `error` set: the request failed and a rerun asks again). Spans belong to the draft they
    # were found in (an old draft's spans never show on a new one): a model's, with the reviewer's
    # verdict (confirmed / dismissed), or the reviewer's own (assessment_id NULL). A rule-QA finding the
    # reviewer dismissed is remembered for exactly the text it was found in.
    """
    CREATE TABLE assessments (
        id INTEGER PRIMARY KEY,
        segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
        draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        model TEXT NOT NULL,
        endpoint TEXT,
        request_key TEXT,
        prompt_tokens INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        cost REAL,
        error TEXT,
        created_at TEXT NOT NULL,
        meta TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX assessments_draft ON assessments(draft_id, model);
    CREATE TABLE mqm_spans (
        id INTEGER PRIMARY KEY,
        segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
        draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
        assessment_id INTEGER REFERENCES assessments(id) ON DELETE CASCADE,
        origin TEXT NOT NULL,
        by TEXT,
        span TEXT NOT NULL,
        category TEXT NOT NULL,
        severity TEXT NOT NULL,
        explanation TEXT NOT NULL DEFAULT '',
        annotated TEXT,
        verdict TEXT,
        verdict_by TEXT,
        verdict_at TEXT,
        created_at TEXT NOT NULL
    );
    CREATE INDEX mqm_spans_segment ON mqm_spans(segment_id, draft_id);
    CREATE TABLE qa_dismissals (
        segment_id INTEGER NOT NULL REFERENCES segments(id) ON DELETE CASCADE,
        code TEXT NOT NULL,
        checked TEXT NOT NULL,
        reviewer TEXT,
        at TEXT NOT NULL,
        PRIMARY KEY (segment_id, code, checked)
    );
    """,
    # 10 (translation memory, issue 15): named memories imported from TMX; each memory unit may belong to one
    # (memory_id; units kept from a deleted document have none) and carries a hash of its neighbours'
    # sources (context, for "context matches"). Two FTS5 trigram indexes (external content, kept in sync
    # by triggers) over the memory's sources and over every document's sources give fuzzy-match
    # candidates and concordance (detail=none, columnsize=0: lookups ask for single trigrams and LIKE, never
    # phrases, and the index is a third smaller and faster to query); memory_grams holds how many sources each trigram occurs in (a hint
    # for choosing the rare trigrams, refreshed after a TMX import or deletion: stale counts only change
    # which trigrams are read first, never what the index returns).
    """
    CREATE TABLE memories (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        source_path TEXT,
        languages TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    ALTER TABLE memory ADD COLUMN memory_id INTEGER REFERENCES memories(id) ON DELETE CASCADE;
    ALTER TABLE memory ADD COLUMN context TEXT;
    CREATE INDEX memory_named ON memory(memory_id);
    CREATE VIRTUAL TABLE memory_text USING fts5(source, content='memory', content_rowid='id', tokenize='trigram',
                                              detail=none, columnsize=0);
    CREATE TRIGGER memory_text_insert AFTER INSERT ON memory BEGIN
        INSERT INTO memory_text (rowid, source) VALUES (new.id, new.source);
    END;
    CREATE TRIGGER memory_text_delete AFTER DELETE ON memory BEGIN
        INSERT INTO memory_text (memory_text, rowid, source) VALUES ('delete', old.id, old.source);
    END;
    CREATE TRIGGER memory_text_update AFTER UPDATE OF source ON memory BEGIN
        INSERT INTO memory_text (memory_text, rowid, source) VALUES ('delete', old.id, old.source);
        INSERT INTO memory_text (rowid, source) VALUES (new.id, new.source);
    END;
    INSERT INTO memory_text (memory_text) VALUES ('rebuild');
    CREATE VIRTUAL TABLE segment_text USING fts5(source, content='segments', content_rowid='id', tokenize='trigram',
                                               detail=none, columnsize=0);
    CREATE TRIGGER segment_text_insert AFTER INSERT ON segments BEGIN
        INSERT INTO segment_text (rowid, source) VALUES (new.id, new.source);
    END;
    CREATE TRIGGER segment_text_delete AFTER DELETE ON segments BEGIN
        INSERT INTO segment_text (segment_text, rowid, source) VALUES ('delete', old.id, old.source);
    END;
    CREATE TRIGGER segment_text_update AFTER UPDATE OF source ON segments BEGIN
        INSERT INTO segment_text (segment_text, rowid, source) VALUES ('delete', old.id, old.source);
        INSERT INTO segment_text (rowid, source) VALUES (new.id, new.source);
    END;
    INSERT INTO segment_text (segment_text) VALUES ('rebuild');
    CREATE VIRTUAL TABLE memory_text_terms USING fts5vocab(memory_text, 'row');
    CREATE VIRTUAL TABLE segment_text_terms USING fts5vocab(segment_text, 'row');
    CREATE TABLE memory_grams (
        gram TEXT PRIMARY KEY,
        n INTEGER NOT NULL
    ) WITHOUT ROWID;
    """,
    # 11: QA results stored (issue 16): each segment's per-segment QA counts, keyed by what they depend on —
    # a hash of its source and current text, the glossary version, the checks version — and by the state
    # they were read in (latest draft id, review revision: a cheap test in SQL that nothing changed);
    # `computed` counts how often the checks ran for the row. The document-level warnings (consistency,
    # length) are kept per document under a fingerprint of all its text hashes. The glossary version is
    # migration 13's (bumped by triggers on every term added, changed or removed, whichever code path does it).
    """
    CREATE TABLE qa_results (
        segment_id INTEGER PRIMARY KEY REFERENCES segments(id) ON DELETE CASCADE,
        draft_id INTEGER,
        revision INTEGER NOT NULL,
        text_hash TEXT NOT NULL,
        glossary_version INTEGER NOT NULL,
        checks_version INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL,
        computed INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE qa_documents (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        fingerprint TEXT NOT NULL,
        checks_version INTEGER NOT NULL,
        warnings INTEGER NOT NULL
    );
    """,
    # 12: where a segment came from in an imported XLIFF file — its file, unit and segment ids and
    # the inline codes its placeholders stand for — so an XLIFF export merges back into that CAT tool.
    """
    CREATE TABLE segment_origins (
        segment_id INTEGER PRIMARY KEY REFERENCES segments(id) ON DELETE CASCADE,
        origin TEXT NOT NULL
    );
    """,
    # 13: glossary_version: a counter bumped by every change to a term (add, import, edit, remove — by any
    # process, through triggers), with a random stamp renewed at each bump so that (version, stamp) names
    # one state of the glossary even across a database restored from a copy. The glossary cache next to
    # the database (workbench.glossary.cache) is keyed by it.
    """
    CREATE TABLE glossary_version (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version INTEGER NOT NULL,
        stamp TEXT NOT NULL
    );
    -- no row until the first change (version 0): a database that holds nothing stays blank
    CREATE TRIGGER glossary_version_insert AFTER INSERT ON terms BEGIN
        INSERT INTO glossary_version (id, version, stamp) VALUES (1, 1, lower(hex(randomblob(8))))
            ON CONFLICT (id) DO UPDATE SET version = version + 1, stamp = excluded.stamp;
    END;
    CREATE TRIGGER glossary_version_update AFTER UPDATE ON terms BEGIN
        INSERT INTO glossary_version (id, version, stamp) VALUES (1, 1, lower(hex(randomblob(8))))
            ON CONFLICT (id) DO UPDATE SET version = version + 1, stamp = excluded.stamp;
    END;
    CREATE TRIGGER glossary_version_delete AFTER DELETE ON terms BEGIN
        INSERT INTO glossary_version (id, version, stamp) VALUES (1, 1, lower(hex(randomblob(8))))
            ON CONFLICT (id) DO UPDATE SET version = version + 1, stamp = excluded.stamp;
    END;
    """,
    # 14: (issue 16) a change stamp per document, bumped by triggers on every row of its segments,
    # drafts, reviews, MQM spans and dismissed QA findings inserted, updated or deleted — whichever code
    # path does it — and what `workbench documents` keeps under it: each document's progress counts
    # (document_progress, recounted only when its stamp moved) and the stamp, glossary version and checks
    # version at which its stored QA results were last found current (qa_fresh): "nothing changed since"
    # is one query over the documents instead of one over every segment. Both go with their document.
    """
    CREATE TABLE document_changes (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        changes INTEGER NOT NULL
    );
    INSERT INTO document_changes (document_id, changes) SELECT id, 1 FROM documents;
    CREATE TRIGGER documents_changes_insert AFTER INSERT ON documents BEGIN
        INSERT OR REPLACE INTO document_changes (document_id, changes) VALUES (new.id, 1);
    END;
    CREATE TABLE document_progress (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        changes INTEGER NOT NULL,
        segments INTEGER NOT NULL,
        drafted INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        reviewed INTEGER NOT NULL,
        flagged INTEGER NOT NULL,
        left_out INTEGER NOT NULL,
        last_activity TEXT NOT NULL
    );
    CREATE TABLE qa_fresh (
        document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        changes INTEGER NOT NULL,
        glossary_version INTEGER NOT NULL,
        checks_version INTEGER NOT NULL
    );"""
    + _bumps("segments", "{row}.document_id") + _bumps("drafts", _BY_SEGMENT) + _bumps("reviews", _BY_SEGMENT)
    + _bumps("mqm_spans", _BY_SEGMENT) + _bumps("qa_dismissals", _BY_SEGMENT) + "\n",
    # 15: the report's per-segment metric statistics (issue 16): sacrebleu's sufficient statistics of one
    # (hypothesis, reference) pair — BLEU n-gram matches and totals, chrF n-gram counts, TER edits and
    # reference length — so `report` computes a pair once, not on every call (TER's shift search is
    # ~1 ms a pair: 40 minutes at a million segments). Keyed by a hash of the two texts and the metrics'
    # signatures (settings and sacrebleu version) rather than by segment: the statistics depend on nothing
    # else, so nothing needs invalidating — an edited target or a new draft is a new key, a sacrebleu
    # upgrade is a new key — and the same pair (a repeated sentence, two models with the same draft)
    # is computed once. Rows are never updated; an old key is left behind (~150 bytes) when a text changes.
    """
    CREATE TABLE metric_stats (
        pair BLOB PRIMARY KEY,
        stats TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    # 16: (issue 16) the stored QA results keep the findings themselves, not only their counts: per segment
    # the QA issues and the risk findings its pair alone decides (risk.pair: compact JSON, NULL when
    # not computed yet), under risk.pair.PAIR_VERSION beside the glossary and checks versions — so
    # `check`, `segments --json`, the report and the review session read them instead of computing
    # them again. `errors`/`warnings` now count what `check` shows of the pair (its QA issues and its
    # coverage/name warnings). The document's norms (length, consistency) are kept with its fingerprint,
    # so a check of an unchanged document reads it once.
    """
    ALTER TABLE qa_results ADD COLUMN findings TEXT;
    ALTER TABLE qa_results ADD COLUMN pair_version INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE qa_documents ADD COLUMN norms TEXT;  -- the document norms (qa.DocumentNorms) for that fingerprint
    -- a cache: the counts stored before meant less (no coverage/name warnings), so all are computed again
    DELETE FROM qa_results;
    DELETE FROM qa_documents;
    ALTER TABLE qa_fresh ADD COLUMN pair_version INTEGER NOT NULL DEFAULT 0;  -- found current under it too
    DELETE FROM qa_fresh;  -- "found current" (migration 14) no longer holds for the emptied results
    """,
    # 17: (issue 16) the QA issues of texts kept by content — the models' drafts of reviewed segments,
    # which `report` counts on every call and nobody keeps results for by segment (qa_results holds the
    # current text). Keyed by a hash of the source, the text, the glossary version and the checks
    # version: nothing needs invalidating, a change makes new keys.
    """
    CREATE TABLE text_issues (
        key BLOB PRIMARY KEY,
        issues TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
