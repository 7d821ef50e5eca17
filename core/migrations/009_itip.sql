-- Calendar invitations that calendars follow (iTIP, RFC 5546; carried by e-mail as RFC 6047 says; issue 14).
-- An invitation's calendar entry keeps one UID per event and invitee; SEQUENCE rises with every change sent.
ALTER TABLE invitations ADD COLUMN itip_sequence INTEGER NOT NULL DEFAULT 0;
-- What a message's calendar part is: '' a plain entry (no METHOD), else REQUEST or CANCEL for the attendee.
ALTER TABLE outbox ADD COLUMN itip_method TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN itip_uid TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN itip_sequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN itip_attendee_name TEXT NOT NULL DEFAULT '';
