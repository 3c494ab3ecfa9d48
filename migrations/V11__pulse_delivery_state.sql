-- Pulse delivery state: each step of delivering a run is recorded when it is done, so that a crash or a failed
-- Slack call is retried on the next tick instead of being lost, and nothing is done twice.
ALTER TABLE pulse_run ADD COLUMN audience_resolved_at timestamptz;
ALTER TABLE pulse_run ADD COLUMN announced_at timestamptz;
ALTER TABLE pulse_recipient ADD COLUMN reminded_at timestamptz;

-- Runs from before this change: an audience that was stored was resolved; closed runs were announced; a run's
-- reminder counts as sent to each of its recipients.
UPDATE pulse_run r SET audience_resolved_at = r.opens_at
    WHERE EXISTS (SELECT 1 FROM pulse_recipient p WHERE p.run_id = r.id);
UPDATE pulse_run SET announced_at = closed_at WHERE closed_at IS NOT NULL;
UPDATE pulse_recipient p SET reminded_at = r.reminded_at
    FROM pulse_run r WHERE r.id = p.run_id AND r.reminded_at IS NOT NULL;

CREATE INDEX pulse_run_unresolved_idx ON pulse_run (id) WHERE audience_resolved_at IS NULL AND closed_at IS NULL;
CREATE INDEX pulse_run_unannounced_idx ON pulse_run (id) WHERE announced_at IS NULL AND closed_at IS NOT NULL;
