-- The sign-language interpreter's input (issue 17): a second SRT listener of an event, asked for with
-- PUT /api/v1/events/{id}/stream {"interpreter": true}. Its port comes from the same range as the events' own SRT
-- ports (the repository never gives one port twice, across both columns); its passphrase is its own.
ALTER TABLE event_streams ADD COLUMN interpreter_port INTEGER;
ALTER TABLE event_streams ADD COLUMN interpreter_passphrase TEXT;
CREATE UNIQUE INDEX event_streams_by_interpreter_port ON event_streams(interpreter_port)
    WHERE interpreter_port IS NOT NULL;
