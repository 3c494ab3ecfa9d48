-- A kudos given from a praise quote ("Who made this happen?") keeps the quote it answers.
ALTER TABLE kudos
    ADD COLUMN quote_id   bigint REFERENCES quote (id) ON DELETE SET NULL,
    ADD COLUMN quote_text text;
