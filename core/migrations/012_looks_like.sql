-- The pending or published question an incoming one looked like when it was asked (issue 15), for the
-- moderation console's "looks like #N".
ALTER TABLE questions ADD COLUMN looks_like INTEGER REFERENCES questions(id);
