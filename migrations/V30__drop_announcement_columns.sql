-- The columns of the announce job that the outbox replaced (V16, V17; see V18) have been read by nothing since, and set
-- only by their defaults: each insert still paid for those and for the partial index's predicate. The version before
-- this one names none of them, so an instance still running it during a rolling upgrade is unaffected.
DROP INDEX kudos_unannounced_idx;
ALTER TABLE kudos DROP COLUMN announced_at;
ALTER TABLE kudos DROP COLUMN announce_claimed_at;
ALTER TABLE kudos_recipient DROP COLUMN dm_sent_at;
