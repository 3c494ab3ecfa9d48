-- One way out to Slack. Every message that must arrive is a row here, written in the same transaction as the change
-- that causes it, and delivered by a courier that any instance runs: one sender per row (a claim with a lease), retries
-- of what may pass, and a record of what Slack took (its ts) or refused for good.
CREATE TABLE outbox (
    id bigserial PRIMARY KEY,
    team_id text NOT NULL,
    -- whose message it is: the owning feature's handler, looked up by kind, records what came of it
    kind text NOT NULL,
    -- one message per key and workspace, however often it is enqueued (e.g. a leader's digest of a week)
    dedupe_key text NOT NULL,
    -- chat.postMessage or chat.update
    method text NOT NULL,
    -- a channel id, or a user id for a DM
    channel text NOT NULL,
    -- text, blocks, thread_ts, ts (of the message an update changes), unfurl
    payload jsonb NOT NULL,
    -- what the message is about, for its handler (a kudos id, a pulse run)
    subject text,
    created_at timestamptz NOT NULL,
    not_before timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    claim_token uuid,
    claimed_until timestamptz,
    -- an attempt started and what came of it is not recorded: before trying again, Slack's history is asked
    in_flight boolean NOT NULL DEFAULT false,
    state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'refused', 'cancelled')),
    -- where Slack put the message (a DM's conversation id), and its ts
    conversation text,
    ts text,
    error text,
    done_at timestamptz,
    UNIQUE (team_id, dedupe_key)
);
CREATE INDEX outbox_due_idx ON outbox (not_before, id) WHERE state = 'pending';
CREATE INDEX outbox_subject_idx ON outbox (team_id, kind, subject);
-- Delivered and refused messages are kept 90 days (their keys keep re-runs from sending them again), then deleted.
CREATE INDEX outbox_done_idx ON outbox (done_at) WHERE state <> 'pending';

-- The outbox replaces the job that announced unfinished kudos (and the claim columns of V16 and V17, no longer
-- written). Its Quartz rows go, so that no instance looks for a job class that is gone.
DELETE FROM qrtz_simple_triggers WHERE trigger_name = 'kudos-announce' AND trigger_group = 'recognition';
DELETE FROM qrtz_triggers WHERE trigger_name = 'kudos-announce' AND trigger_group = 'recognition';
DELETE FROM qrtz_job_details WHERE job_name = 'kudos-announce' AND job_group = 'recognition';

-- The signatures of the Slack requests let in lately, shared by every instance, so that a replay is refused by
-- whichever instance it reaches. Rows older than twice Slack's five-minute window are deleted as new ones come.
-- Unlogged: after a crash of PostgreSQL it starts empty, and each instance still remembers what it let in itself.
CREATE UNLOGGED TABLE slack_request_seen (
    signature text PRIMARY KEY,
    seen_at timestamptz NOT NULL
);
CREATE INDEX slack_request_seen_at_idx ON slack_request_seen (seen_at);
