-- Withdrawals change the figures of weeks already closed: the dashboard checks the latest of them on every request,
-- by index, before it uses the figures it kept.
CREATE INDEX kudos_withdrawn_idx ON kudos (team_id, withdrawn_at) WHERE withdrawn_at IS NOT NULL;
