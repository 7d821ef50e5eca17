-- Streaming: each event's source, the recorded segments (the timeline), and agenda marks (chapters).
CREATE TABLE event_streams (
    event_id   INTEGER PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
    source     TEXT NOT NULL,
    url        TEXT NOT NULL DEFAULT '',
    srt_port   INTEGER,
    passphrase TEXT,
    updated_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX event_streams_by_port ON event_streams(srt_port) WHERE srt_port IS NOT NULL;

CREATE TABLE media_segments (
    event_id             INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    sequence             INTEGER NOT NULL,
    uri                  TEXT NOT NULL,
    media_start_ms       INTEGER NOT NULL,
    duration_ms          INTEGER NOT NULL,
    program_date_time_ms INTEGER NOT NULL,
    discontinuity        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, sequence)
);

CREATE TABLE agenda_marks (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    agenda_item_id INTEGER NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    at_ms          INTEGER NOT NULL,
    marked_by      TEXT NOT NULL
);
CREATE INDEX agenda_marks_by_event ON agenda_marks(event_id, at_ms);
