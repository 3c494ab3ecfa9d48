-- A kudos is announced (its public post, then a DM to each recipient) after the ack. When that does not finish
-- (Slack failing for a while, an instance stopped, a full queue), a job announces it again: announce_claimed_at keeps
-- two announcers from working on the same kudos at once, announced_at says it is done. Its default marks as announced
-- what an instance still running older code inserts during a rolling upgrade (it announces those itself); this code
-- inserts NULL.
ALTER TABLE kudos ADD COLUMN announce_claimed_at timestamptz;
ALTER TABLE kudos ADD COLUMN announced_at timestamptz DEFAULT now();
CREATE INDEX kudos_unannounced_idx ON kudos (given_at) WHERE announced_at IS NULL AND withdrawn_at IS NULL;
