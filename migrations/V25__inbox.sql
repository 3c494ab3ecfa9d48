-- Slash commands, recorded before their ack. A worker of any instance claims a row for a lease; a row whose lease
-- lapsed (its instance died) or that nobody claimed is claimed again. A row done keeps its trigger id for an hour (a
-- command Slack sends again is not done again), without its payload.
CREATE TABLE command_inbox (
    id          bigserial   PRIMARY KEY,
    team_id     text        NOT NULL,
    command     text        NOT NULL,
    -- Slack's trigger id: a command that reaches Lodestar twice is recorded once
    trigger_id  text        NOT NULL UNIQUE,
    -- the command as Slack sent it (JSON), response_url included: the answer still reaches the person
    payload     text        NOT NULL,
    received_at timestamptz NOT NULL,
    claimed_by  text,
    lease_until timestamptz,
    attempts    integer     NOT NULL DEFAULT 0,
    done_at     timestamptz
);
CREATE INDEX command_inbox_due_idx ON command_inbox (lease_until NULLS FIRST, id) WHERE done_at IS NULL;
CREATE INDEX command_inbox_done_idx ON command_inbox (done_at) WHERE done_at IS NOT NULL;
