-- Where a closed run's results were posted, one row per destination: announcing again after a failure that may pass
-- (Slack down, rate limited) posts only to the destinations still missing, never a second copy.
CREATE TABLE pulse_result_post (
    run_id      bigint      NOT NULL REFERENCES pulse_run (id) ON DELETE CASCADE,
    team_id     text        NOT NULL,
    destination text        NOT NULL,
    posted_at   timestamptz NOT NULL,
    PRIMARY KEY (run_id, destination)
);
