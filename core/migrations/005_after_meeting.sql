-- After the meeting: topics, departments, assignments with their escalation, interpretations with versions,
-- reviews and comments, the outbox, and full-text search.

CREATE TABLE departments (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE,
    contact            TEXT NOT NULL DEFAULT '', -- where reminders go
    supervisor_contact TEXT NOT NULL DEFAULT '', -- where notices and accountability records go
    created_at         INTEGER NOT NULL
);

-- A responder answers for one department.
ALTER TABLE users ADD COLUMN department_id INTEGER REFERENCES departments(id);

CREATE TABLE topics (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX topics_by_event ON topics(event_id);

-- A question belongs to at most one topic.
CREATE TABLE topic_questions (
    topic_id    INTEGER NOT NULL REFERENCES topics(id) ON DELETE CASCADE,
    question_id INTEGER NOT NULL UNIQUE REFERENCES questions(id),
    PRIMARY KEY (topic_id, question_id)
) WITHOUT ROWID;

CREATE TABLE assignments (
    id            INTEGER PRIMARY KEY,
    event_id      INTEGER NOT NULL REFERENCES events(id),
    topic_id      INTEGER REFERENCES topics(id),
    question_id   INTEGER REFERENCES questions(id),
    department_id INTEGER NOT NULL REFERENCES departments(id),
    due_at        INTEGER NOT NULL,
    status        TEXT NOT NULL,              -- open | answered
    response      TEXT NOT NULL DEFAULT '',
    responded_by  TEXT NOT NULL DEFAULT '',
    responded_at  INTEGER,
    created_by    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    CHECK ((topic_id IS NULL) <> (question_id IS NULL))
);
CREATE INDEX assignments_open ON assignments(status, due_at);

-- Each escalation step once per assignment: the key makes the timer idempotent.
CREATE TABLE escalation_steps (
    assignment_id INTEGER NOT NULL REFERENCES assignments(id),
    level         TEXT NOT NULL,               -- reminder | notice | accountability
    at            INTEGER NOT NULL,
    PRIMARY KEY (assignment_id, level)
) WITHOUT ROWID;

-- Messages to send (email once issue 6's sender runs); the key keeps one message from being queued twice.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    recipient  TEXT NOT NULL DEFAULT '',     -- '' when nobody is configured: held for staff to see
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    dedupe_key TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    sent_at    INTEGER,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT '',
    next_attempt_at INTEGER,                   -- after a failure: not before this instant
    ics_event_id    INTEGER                    -- attach this event's calendar entry (.ics) when sending
);
CREATE INDEX outbox_unsent ON outbox(sent_at, next_attempt_at);

CREATE TABLE interpretations (
    id               INTEGER PRIMARY KEY,
    event_id         INTEGER NOT NULL REFERENCES events(id),
    status           TEXT NOT NULL,          -- draft | in_review | pre_published | published | withdrawn
    head_version     INTEGER NOT NULL,       -- the latest saved version
    approved_version INTEGER,                -- the version a reviewer approved last
    public_version   INTEGER,                -- the version the public sees (pre-published or published)
    comment_until    INTEGER,
    created_by       TEXT NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    first_published_at INTEGER,
    withdrawn_at     INTEGER
);
CREATE INDEX interpretations_by_event ON interpretations(event_id, status);

CREATE TABLE interpretation_versions (
    interpretation_id INTEGER NOT NULL REFERENCES interpretations(id),
    version           INTEGER NOT NULL,
    title             TEXT NOT NULL,
    body_md           TEXT NOT NULL,
    body_html         TEXT NOT NULL,
    links_json        TEXT NOT NULL,         -- questions, topics, agenda items, moments, short answers
    author            TEXT NOT NULL,
    saved_at          INTEGER NOT NULL,
    PRIMARY KEY (interpretation_id, version)
) WITHOUT ROWID;

CREATE TABLE interpretation_reviews (
    id                INTEGER PRIMARY KEY,
    interpretation_id INTEGER NOT NULL REFERENCES interpretations(id),
    version           INTEGER NOT NULL,
    reviewer          TEXT NOT NULL,
    decision          TEXT NOT NULL,         -- approve | changes_requested
    comment           TEXT NOT NULL DEFAULT '',
    at                INTEGER NOT NULL
);
CREATE INDEX interpretation_reviews_by_interpretation ON interpretation_reviews(interpretation_id, id);

CREATE TABLE interpretation_comments (
    id                INTEGER PRIMARY KEY,
    interpretation_id INTEGER NOT NULL REFERENCES interpretations(id),
    name              TEXT NOT NULL DEFAULT '',
    contact           TEXT NOT NULL DEFAULT '', -- staff only
    text              TEXT NOT NULL,
    status            TEXT NOT NULL,          -- pending | approved | rejected
    reply             TEXT NOT NULL DEFAULT '',
    replied_by        TEXT NOT NULL DEFAULT '',
    address           TEXT NOT NULL DEFAULT '',
    created_at        INTEGER NOT NULL,
    moderated_at      INTEGER
);
CREATE INDEX interpretation_comments_by_interpretation ON interpretation_comments(interpretation_id, status);

-- Full-text search over what the public may read, with the trigram tokenizer so Chinese needs no word
-- segmentation. Text is folded first (fold_text: one script, half-width, lower case, letters and digits), so
-- 停車 finds 停车. Rowids: questions 2·id, interpretations 2·id+1. Questions stay in step through triggers.
CREATE VIRTUAL TABLE search_index USING fts5(title, body, tokenize = 'trigram');

CREATE TRIGGER questions_searchable_insert AFTER INSERT ON questions
WHEN NEW.status IN ('approved', 'answered')
BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (NEW.id * 2, '', fold_text(NEW.text));
END;

CREATE TRIGGER questions_searchable_update AFTER UPDATE OF status ON questions
WHEN (OLD.status IN ('approved', 'answered')) <> (NEW.status IN ('approved', 'answered'))
BEGIN
    DELETE FROM search_index WHERE rowid = NEW.id * 2;
    INSERT INTO search_index(rowid, title, body)
        SELECT NEW.id * 2, '', fold_text(NEW.text) WHERE NEW.status IN ('approved', 'answered');
END;

INSERT INTO search_index(rowid, title, body)
    SELECT id * 2, '', fold_text(text) FROM questions WHERE status IN ('approved', 'answered');
