-- Public registration: open days (capacity, waitlist) and hearings (applications to attend or speak, the lottery).
CREATE TABLE registrations (
    id            INTEGER PRIMARY KEY,
    event_id      INTEGER NOT NULL REFERENCES events(id),
    code          TEXT NOT NULL UNIQUE,          -- what the registrant keeps, shown as a QR code at the door
    type          TEXT NOT NULL,                 -- attend | speak
    name          TEXT NOT NULL,
    contact       TEXT NOT NULL,                 -- staff only
    contact_key   TEXT NOT NULL,                 -- the contact folded, to refuse duplicates
    statement     TEXT NOT NULL DEFAULT '',      -- a speaker's short statement
    status        TEXT NOT NULL,                 -- confirmed | waitlisted | applied | drawn | not_drawn | cancelled
    speaking_order INTEGER,                      -- drawn speakers, from 1
    address       TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    checked_in_at INTEGER
);
-- One live registration per contact and event (a cancelled one does not count).
CREATE UNIQUE INDEX registrations_once ON registrations(event_id, contact_key) WHERE status <> 'cancelled';
CREATE INDEX registrations_by_event ON registrations(event_id, status, id);

-- When registration is open, how long drawn speakers speak, and the lottery's seed once announced.
CREATE TABLE registration_settings (
    event_id          INTEGER PRIMARY KEY REFERENCES events(id),
    opens_at          INTEGER,
    closes_at         INTEGER,
    speaking_minutes  INTEGER NOT NULL DEFAULT 5,
    seed              TEXT,
    seed_announced_at INTEGER,
    drawn_at          INTEGER,
    seats             INTEGER
);
