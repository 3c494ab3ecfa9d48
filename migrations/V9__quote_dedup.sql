-- An exact duplicate is a quote with the same text, sentiment and author (none counts as ''), active or archived,
-- in the same workspace. The library checked before inserting, which two adds at the same moment could both pass;
-- this index makes the database refuse the second. md5 keeps long texts within the index's row size.

-- Duplicates that got in before are merged into one (the active one if any, else the first), keeping their posts
-- and the kudos that answer them.
CREATE TEMPORARY TABLE quote_merge ON COMMIT DROP AS
SELECT id, keep
FROM (SELECT id,
             first_value(id) OVER (PARTITION BY team_id, md5(text), sentiment, coalesce(author, '')
                                   ORDER BY archived_at IS NOT NULL, id) AS keep
      FROM quote) ranked
WHERE id <> keep;

UPDATE quote_post p SET quote_id = m.keep FROM quote_merge m WHERE p.quote_id = m.id;
UPDATE kudos k SET quote_id = m.keep FROM quote_merge m WHERE k.quote_id = m.id;
DELETE FROM quote q USING quote_merge m WHERE q.id = m.id;

CREATE UNIQUE INDEX quote_exact_duplicate_idx ON quote (team_id, md5(text), sentiment, coalesce(author, ''));
