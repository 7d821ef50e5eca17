-- Live questions: asked over the gateway or entered by staff for someone in the room, moderated, voted on.
ALTER TABLE events ADD COLUMN status_changed_at INTEGER;
UPDATE events SET status_changed_at = updated_at;

CREATE TABLE questions (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    ticket         TEXT NOT NULL UNIQUE,
    client_id      TEXT NOT NULL,          -- the asker's message id: a retry finds the question it made
    text           TEXT NOT NULL,
    name           TEXT NOT NULL DEFAULT '',
    source         TEXT NOT NULL,          -- online | room
    status         TEXT NOT NULL,          -- pending | approved | rejected | answered | merged
    flagged        INTEGER NOT NULL DEFAULT 0,
    flag_reason    TEXT NOT NULL DEFAULT '',
    pinned         INTEGER NOT NULL DEFAULT 0,
    votes          INTEGER NOT NULL DEFAULT 0,
    merged_into    INTEGER REFERENCES questions(id),
    reject_reason  TEXT NOT NULL DEFAULT '',
    asked_at_ms    INTEGER NOT NULL,
    media_offset_s REAL,
    viewer         TEXT NOT NULL DEFAULT '', -- a hash of the viewer token, for staff tracing abuse
    address        TEXT NOT NULL DEFAULT '',
    entered_by     TEXT NOT NULL DEFAULT '', -- the staff member who typed in a room question
    updated_at_ms  INTEGER NOT NULL
);
CREATE UNIQUE INDEX questions_by_client_id ON questions(event_id, client_id);
CREATE INDEX questions_by_event ON questions(event_id, status);

-- One row a viewer a question: a vote counts once. `votes` above is the count kept beside it.
CREATE TABLE question_votes (
    question_id INTEGER NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    viewer      TEXT NOT NULL,
    PRIMARY KEY (question_id, viewer)
) WITHOUT ROWID;
