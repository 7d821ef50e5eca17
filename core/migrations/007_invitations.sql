-- Invitations of stakeholder representatives (列席代表): the directory, invitations with their RSVP tokens and
-- attendance, and agenda submissions from reporting units (議題提報單).
CREATE TABLE invitees (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    category    TEXT NOT NULL,
    affiliation TEXT NOT NULL DEFAULT '',
    contact     TEXT NOT NULL DEFAULT '',   -- staff only
    notes       TEXT NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX invitees_by_category ON invitees(category, name);

CREATE TABLE invitations (
    id             INTEGER PRIMARY KEY,
    event_id       INTEGER NOT NULL REFERENCES events(id),
    agenda_item_id INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
    invitee_id     INTEGER NOT NULL REFERENCES invitees(id),
    token          TEXT NOT NULL UNIQUE,        -- the RSVP link's secret (256 bits)
    status         TEXT NOT NULL,               -- invited | accepted | declined | withdrawn
    note           TEXT NOT NULL DEFAULT '',    -- the invitee's note with the answer
    attendance     TEXT,                        -- attended | no_show, recorded at the meeting
    responded_at   INTEGER,
    created_by     TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
-- An invitee is invited to an event once (a withdrawn invitation does not count).
CREATE UNIQUE INDEX invitations_once ON invitations(event_id, invitee_id) WHERE status <> 'withdrawn';
CREATE INDEX invitations_by_invitee ON invitations(invitee_id, created_at);

CREATE TABLE agenda_submissions (
    id                   INTEGER PRIMARY KEY,
    event_id             INTEGER NOT NULL REFERENCES events(id),
    title                TEXT NOT NULL,
    reporting_unit       TEXT NOT NULL,
    summary              TEXT NOT NULL DEFAULT '',
    suggested_categories TEXT NOT NULL DEFAULT '[]',  -- JSON list of invitee categories to invite
    suggested_invitees   TEXT NOT NULL DEFAULT '[]',  -- JSON list of invitee ids
    status               TEXT NOT NULL,               -- pending | accepted | rejected
    agenda_item_id       INTEGER REFERENCES agenda_items(id) ON DELETE SET NULL,
    submitted_by         TEXT NOT NULL,
    created_at           INTEGER NOT NULL,
    decided_at           INTEGER
);
CREATE INDEX agenda_submissions_by_event ON agenda_submissions(event_id, status);
