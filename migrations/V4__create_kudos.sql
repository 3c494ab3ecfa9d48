-- Recognition: one row per give, with its recipients and values.
CREATE TABLE kudos (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id         text        NOT NULL REFERENCES workspace (team_id) ON DELETE CASCADE,
    giver_id        text        NOT NULL,
    -- whether the giver was a leader when giving: leadership involvement in the digest
    by_leader       boolean     NOT NULL,
    reason          text        NOT NULL,
    customer_impact text,
    -- the Slack message the kudos points at (message shortcut)
    message_link    text,
    -- makes a retried request or a double submission record one kudos
    idempotency_key text        NOT NULL,
    given_at        timestamptz NOT NULL,
    -- the public post, once made
    post_channel_id text,
    post_ts         text,
    withdrawn_at    timestamptz,
    withdrawn_by    text,
    withdrawal      text CHECK (withdrawal IN ('undo', 'moderation')),
    UNIQUE (team_id, idempotency_key),
    CHECK ((withdrawn_at IS NULL) = (withdrawal IS NULL))
);
CREATE INDEX kudos_giver_idx ON kudos (team_id, giver_id, given_at);
CREATE INDEX kudos_given_idx ON kudos (team_id, given_at);
CREATE UNIQUE INDEX kudos_post_idx ON kudos (team_id, post_channel_id, post_ts) WHERE post_ts IS NOT NULL;

CREATE TABLE kudos_recipient (
    kudos_id bigint NOT NULL REFERENCES kudos (id) ON DELETE CASCADE,
    team_id  text   NOT NULL,
    user_id  text   NOT NULL,
    PRIMARY KEY (kudos_id, user_id)
);
CREATE INDEX kudos_recipient_user_idx ON kudos_recipient (team_id, user_id);

CREATE TABLE kudos_value (
    kudos_id   bigint NOT NULL REFERENCES kudos (id) ON DELETE CASCADE,
    value_name text   NOT NULL,
    PRIMARY KEY (kudos_id, value_name)
);

-- One row per person and emoji on a kudos post, so a retried event counts once.
CREATE TABLE kudos_reaction (
    kudos_id bigint NOT NULL REFERENCES kudos (id) ON DELETE CASCADE,
    user_id  text   NOT NULL,
    reaction text   NOT NULL,
    PRIMARY KEY (kudos_id, user_id, reaction)
);
