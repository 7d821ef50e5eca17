-- Caption lines (issue 17): what was said in an event, with its place on the event's media timeline, from a
-- captioner typing live, an imported SRT or WebVTT file (later: a speech engine). A live correction rewrites the newest line
-- and raises its revision; the audit log keeps every earlier text.
CREATE TABLE caption_lines (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: audit entries and search rows name lines by id
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    start_ms   INTEGER NOT NULL,           -- milliseconds from the start of the recording (the replay's timeline)
    end_ms     INTEGER,                    -- when an imported file said the cue ends; NULL: until the next line
    text       TEXT NOT NULL,
    source     TEXT NOT NULL CHECK (source IN ('person', 'engine', 'import')),
    author     TEXT NOT NULL,              -- the captioner's user name, or the engine's name
    revision   INTEGER NOT NULL DEFAULT 1, -- 1 when sent, +1 at each correction
    sent_at_ms INTEGER NOT NULL            -- wall clock, Unix milliseconds
);
CREATE INDEX caption_lines_by_event ON caption_lines(event_id, start_ms, id);

-- What was said is searched with the questions and interpretations (search_index, migration 005). Caption lines
-- take negative rowids (-id), so the questions' even and the interpretations' odd ones stay as they are.
CREATE TRIGGER caption_lines_searchable_insert AFTER INSERT ON caption_lines
BEGIN
    INSERT INTO search_index(rowid, title, body) VALUES (-NEW.id, '', fold_text(NEW.text));
END;

CREATE TRIGGER caption_lines_searchable_update AFTER UPDATE OF text ON caption_lines
BEGIN
    DELETE FROM search_index WHERE rowid = -NEW.id;
    INSERT INTO search_index(rowid, title, body) VALUES (-NEW.id, '', fold_text(NEW.text));
END;

CREATE TRIGGER caption_lines_searchable_delete AFTER DELETE ON caption_lines
BEGIN
    DELETE FROM search_index WHERE rowid = -OLD.id;
END;
