-- An exact duplicate is a quote with the same text, sentiment and author (none counts as ''), active or archived,
-- in the same workspace. The library checked before inserting, which two adds at the same moment could both pass;
-- this index makes the database refuse the second. md5 keeps long texts within the index's row size.

-- Duplicates that got in before are merged into one (the active one if any, else the first), keeping their posts,
-- the kudos that answer them, and how far the loop on a critique got: the group's most advanced owner and
-- resolution (resolved, else owned, the earliest first) move to the kept quote, all four columns from one row so
-- that a resolution stays with the person who owned it.
CREATE TEMPORARY TABLE quote_merge ON COMMIT DROP AS
SELECT id, keep, loop_from
FROM (SELECT id,
             first_value(id) OVER (PARTITION BY team_id, md5(text), sentiment, coalesce(author, '')
                                   ORDER BY archived_at IS NOT NULL, id) AS keep,
             first_value(id) OVER (PARTITION BY team_id, md5(text), sentiment, coalesce(author, '')
                                   ORDER BY resolved_at IS NULL, owner_id IS NULL, owned_at, id) AS loop_from
      FROM quote) ranked
WHERE id <> keep;

UPDATE quote q
SET owner_id    = d.owner_id,
    owned_at    = d.owned_at,
    resolved_at = d.resolved_at,
    resolution  = d.resolution
FROM (SELECT DISTINCT keep, loop_from FROM quote_merge) m
JOIN quote d ON d.id = m.loop_from
WHERE q.id = m.keep AND d.id <> q.id AND d.owner_id IS NOT NULL;

-- Every table that references quote (id): the posts (quote_post) and the kudos answering a praise (kudos.quote_id,
-- V6) follow the kept quote, so the delete neither cascades their rows away nor clears the link.
UPDATE quote_post p SET quote_id = m.keep FROM quote_merge m WHERE p.quote_id = m.id;
UPDATE kudos k SET quote_id = m.keep FROM quote_merge m WHERE k.quote_id = m.id;
DELETE FROM quote q USING quote_merge m WHERE q.id = m.id;

CREATE UNIQUE INDEX quote_exact_duplicate_idx ON quote (team_id, md5(text), sentiment, coalesce(author, ''));
