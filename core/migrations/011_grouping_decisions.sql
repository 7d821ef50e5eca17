-- What editors decided about two questions (issue 15): they belong together, or they do not. Kept by text, for
-- the office's later events; the newest decision about the same two texts replaces the older one.
CREATE TABLE grouping_decisions (
    id         INTEGER PRIMARY KEY,
    text_a     TEXT NOT NULL,
    text_b     TEXT NOT NULL,              -- text_a < text_b
    together   INTEGER NOT NULL,           -- 1: they ask the same thing; 0: they do not
    event_id   INTEGER REFERENCES events(id) ON DELETE SET NULL,
    decided_by TEXT NOT NULL,
    decided_at INTEGER NOT NULL,
    UNIQUE (text_a, text_b)
);

