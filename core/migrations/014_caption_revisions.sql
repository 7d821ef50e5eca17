-- Earlier texts of caption lines (issue 17, "After the meeting"): every text a line had before a live correction
-- or an editor's correction, with who wrote it and when, so a transcript's history can be read line by line.
-- A trigger keeps it, so no path that changes a line's text can forget to.
ALTER TABLE caption_lines ADD COLUMN revised_by TEXT;          -- who wrote the current text when not the author
ALTER TABLE caption_lines ADD COLUMN revised_at_ms INTEGER;    -- when (Unix milliseconds); NULL: as sent

CREATE TABLE caption_line_revisions (
    line_id       INTEGER NOT NULL REFERENCES caption_lines(id) ON DELETE CASCADE,
    revision      INTEGER NOT NULL,  -- the line's revision while it had this text
    text          TEXT NOT NULL,
    written_by    TEXT NOT NULL,
    written_at_ms INTEGER NOT NULL,
    PRIMARY KEY (line_id, revision)
) WITHOUT ROWID;

CREATE TRIGGER caption_lines_keep_revision AFTER UPDATE OF text ON caption_lines
WHEN OLD.text IS NOT NEW.text
BEGIN
    INSERT OR REPLACE INTO caption_line_revisions(line_id, revision, text, written_by, written_at_ms)
    VALUES (OLD.id, OLD.revision, OLD.text, COALESCE(OLD.revised_by, OLD.author), COALESCE(OLD.revised_at_ms, OLD.sent_at_ms));
END;
