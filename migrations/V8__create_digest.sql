-- The weekly leader digest: when it goes out, where besides the leaders' DMs, and who got which week.
ALTER TABLE workspace
    ADD COLUMN digest_day        text NOT NULL DEFAULT 'MONDAY'
        CHECK (digest_day IN ('MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY')),
    ADD COLUMN digest_time       time NOT NULL DEFAULT '09:00',
    -- the zone of the leadership channel's copy (each leader's DM uses the leader's own zone)
    ADD COLUMN digest_zone       text NOT NULL DEFAULT 'UTC',
    ADD COLUMN digest_channel_id text;

-- Active members (non-bot, non-deleted), from Slack's user list, refreshed daily: the denominator of
-- participation.
CREATE TABLE workspace_member (
    team_id      text        NOT NULL REFERENCES workspace (team_id) ON DELETE CASCADE,
    user_id      text        NOT NULL,
    refreshed_at timestamptz NOT NULL,
    PRIMARY KEY (team_id, user_id)
);

-- One digest per recipient (a leader, or the leadership channel) and ISO week: exactly once.
CREATE TABLE digest_delivery (
    team_id   text        NOT NULL REFERENCES workspace (team_id) ON DELETE CASCADE,
    recipient text        NOT NULL,
    week      text        NOT NULL,
    sent_at   timestamptz NOT NULL,
    PRIMARY KEY (team_id, recipient, week)
);

-- The digest's aggregations read kudos by period without touching the table's rows.
CREATE INDEX kudos_period_idx ON kudos (team_id, given_at) INCLUDE (giver_id, by_leader, withdrawn_at, customer_impact, quote_id);
CREATE INDEX quote_post_period_idx ON quote_post (team_id, posted_at) INCLUDE (quote_id, sentiment, post_ts);
