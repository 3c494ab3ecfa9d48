-- Pulse surveys. A series is a (possibly recurring) survey; a run is one occurrence.
CREATE TABLE pulse_series (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id       text        NOT NULL REFERENCES workspace (team_id) ON DELETE CASCADE,
    title         text        NOT NULL,
    template      text        NOT NULL CHECK (template IN ('enps', 'cx_belief', 'custom')),
    -- channel: one message in the channel; dm_channel / dm_usergroup: a DM to each member
    audience_kind text        NOT NULL CHECK (audience_kind IN ('channel', 'dm_channel', 'dm_usergroup')),
    audience_id   text        NOT NULL,
    anonymous     boolean     NOT NULL,
    min_group     integer     NOT NULL CHECK (min_group >= 3),
    open_days     integer     NOT NULL CHECK (open_days BETWEEN 1 AND 30),
    recurrence    text        NOT NULL CHECK (recurrence IN ('once', 'weekly', 'biweekly', 'monthly')),
    local_time    time        NOT NULL,
    zone          text        NOT NULL,
    -- when the next run opens (in the series' zone); null when no run is due (once, done; or paused)
    next_open_at  timestamptz,
    paused        boolean     NOT NULL DEFAULT false,
    created_by    text        NOT NULL,
    created_at    timestamptz NOT NULL
);
CREATE INDEX pulse_series_due_idx ON pulse_series (next_open_at) WHERE next_open_at IS NOT NULL;

CREATE TABLE pulse_question (
    series_id bigint  NOT NULL REFERENCES pulse_series (id) ON DELETE CASCADE,
    position  integer NOT NULL,
    kind      text    NOT NULL CHECK (kind IN ('scale10', 'agree5', 'choice', 'comment')),
    text      text    NOT NULL,
    options   text[]  NOT NULL DEFAULT '{}',
    -- counts towards the CX belief score
    belief    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (series_id, position)
);

CREATE TABLE pulse_run (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    series_id         bigint      NOT NULL REFERENCES pulse_series (id) ON DELETE CASCADE,
    team_id           text        NOT NULL,
    opens_at          timestamptz NOT NULL,
    closes_at         timestamptz NOT NULL,
    remind_at         timestamptz NOT NULL,
    -- the key that turns a user id into an answer key; destroyed when the run closes
    answer_secret     bytea,
    channel_id        text,
    message_ts        text,
    reminded_at       timestamptz,
    closed_at         timestamptz,
    UNIQUE (series_id, opens_at)
);
CREATE INDEX pulse_run_open_idx ON pulse_run (closes_at) WHERE closed_at IS NULL;

-- Who the run is for; for DM surveys also when each DM is due (the recipient's local time) and was sent.
CREATE TABLE pulse_recipient (
    run_id     bigint NOT NULL REFERENCES pulse_run (id) ON DELETE CASCADE,
    user_id    text   NOT NULL,
    due_at     timestamptz,
    sent_at    timestamptz,
    channel_id text,
    message_ts text,
    PRIMARY KEY (run_id, user_id)
);
CREATE INDEX pulse_recipient_due_idx ON pulse_recipient (due_at) WHERE sent_at IS NULL AND due_at IS NOT NULL;

-- Who answered at least one question: for reminders and the response rate. Kept apart from the answers.
CREATE TABLE pulse_participation (
    run_id  bigint NOT NULL REFERENCES pulse_run (id) ON DELETE CASCADE,
    user_id text   NOT NULL,
    PRIMARY KEY (run_id, user_id)
);

-- Answers carry no user id (unless the survey is not anonymous) and no time. While the run is open,
-- answer_key is an HMAC of the user id with the run's secret, so an answer can be changed; at close the
-- secret is destroyed, the keys are erased and the rows rewritten in random order. No identity column, so
-- nothing records the order in which people answered.
CREATE TABLE pulse_answer (
    run_id     bigint  NOT NULL REFERENCES pulse_run (id) ON DELETE CASCADE,
    position   integer NOT NULL,
    answer_key text,
    user_id    text,
    value      integer,
    comment    text,
    UNIQUE (run_id, position, answer_key)
);
