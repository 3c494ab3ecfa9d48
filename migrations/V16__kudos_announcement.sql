-- A kudos is announced (its public post, then a DM to each recipient) after the ack. When that does not finish
-- (Slack failing for a while, an instance stopped, a full queue), a job announces it again: announce_claimed_at keeps
-- two announcers from working on the same kudos at once, announced_at says it is done.
ALTER TABLE kudos ADD COLUMN announce_claimed_at timestamptz;
ALTER TABLE kudos ADD COLUMN announced_at timestamptz;
UPDATE kudos SET announced_at = given_at;
CREATE INDEX kudos_unannounced_idx ON kudos (given_at) WHERE announced_at IS NULL AND withdrawn_at IS NULL;
