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

-- Lines corrected live before this migration: their earlier texts come back from the audit log, where each
-- caption.correct entry holds the text it replaced (written by whoever made the correction before it, or the line's
-- author; at that correction's time, or when the line was sent).
INSERT INTO caption_line_revisions(line_id, revision, text, written_by, written_at_ms)
SELECT a.object_id,
       json_extract(a.before_json, '$.revision'),
       json_extract(a.before_json, '$.text'),
       COALESCE(LAG(a.actor) OVER w, json_extract(a.before_json, '$.author')),
       COALESCE((LAG(a.at) OVER w) * 1000, l.sent_at_ms)
FROM audit_log a JOIN caption_lines l ON l.id = a.object_id
WHERE a.object_type = 'caption_line' AND a.action = 'caption.correct'
WINDOW w AS (PARTITION BY a.object_id ORDER BY a.id);

UPDATE caption_lines
SET revised_by = (SELECT actor FROM audit_log WHERE object_type = 'caption_line' AND object_id = caption_lines.id
                  AND action = 'caption.correct' ORDER BY id DESC LIMIT 1),
    revised_at_ms = (SELECT at * 1000 FROM audit_log WHERE object_type = 'caption_line' AND object_id = caption_lines.id
                     AND action = 'caption.correct' ORDER BY id DESC LIMIT 1)
WHERE revision > 1;

-- Plain INSERT: a change of text that does not raise the revision is a bug, and it fails here rather than overwrite
-- an earlier text.
CREATE TRIGGER caption_lines_keep_revision AFTER UPDATE OF text ON caption_lines
WHEN OLD.text IS NOT NEW.text
BEGIN
    INSERT INTO caption_line_revisions(line_id, revision, text, written_by, written_at_ms)
    VALUES (OLD.id, OLD.revision, OLD.text, COALESCE(OLD.revised_by, OLD.author), COALESCE(OLD.revised_at_ms, OLD.sent_at_ms));
END;
