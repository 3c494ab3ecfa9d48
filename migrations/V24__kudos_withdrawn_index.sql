-- Withdrawals change the figures of weeks already past: the dashboard counts, by index, the withdrawn kudos of each
-- week before it uses the figures it kept for that week.
CREATE INDEX kudos_withdrawn_idx ON kudos (team_id, given_at) WHERE withdrawn_at IS NOT NULL;
