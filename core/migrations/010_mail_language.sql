-- E-mail in the reader's language (issue 14): a registration keeps the language of the page it was made on, and
-- each queued message the language it was composed in (for its HTML alternative). Simplified Chinese by default.
ALTER TABLE registrations ADD COLUMN language TEXT NOT NULL DEFAULT 'zh-Hans';
ALTER TABLE outbox ADD COLUMN language TEXT NOT NULL DEFAULT 'zh-Hans';
