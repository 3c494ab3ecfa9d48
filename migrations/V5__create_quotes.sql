-- Voice of the customer: the quote library, daily schedules per channel, and every post made.
CREATE TABLE quote (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id       text        NOT NULL REFERENCES workspace (team_id) ON DELETE CASCADE,
    text          text        NOT NULL,
    sentiment     text        NOT NULL CHECK (sentiment IN ('praise', 'critique')),
    author        text,
    -- shown instead of the author when set, e.g. "a customer in retail"
    anonymised_as text,
    source        text,
    tags          text[]      NOT NULL DEFAULT '{}',
    heard_on      date,
    added_by      text        NOT NULL,
    added_at      timestamptz NOT NULL,
    archived_at   timestamptz,
    archived_by   text,
    -- closing the loop on a critique
    owner_id      text,
    owned_at      timestamptz,
    resolved_at   timestamptz,
    resolution    text
);
CREATE INDEX quote_team_idx ON quote (team_id, sentiment) WHERE archived_at IS NULL;

CREATE TABLE quote_schedule (
    team_id    text        NOT NULL REFERENCES workspace (team_id) ON DELETE CASCADE,
    channel_id text        NOT NULL,
    local_time time        NOT NULL,
    zone       text        NOT NULL,
    -- Quartz day-of-week field: MON-FRI, MON-SUN or a list such as MON,WED,FRI
    days       text        NOT NULL,
    owner_id   text        NOT NULL,
    created_at timestamptz NOT NULL,
    -- the last problem the owner was told about (empty_library, not_in_channel…), so they hear it once
    problem    text,
    PRIMARY KEY (team_id, channel_id)
);

CREATE TABLE quote_post (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id       text        NOT NULL REFERENCES workspace (team_id) ON DELETE CASCADE,
    channel_id    text        NOT NULL,
    quote_id      bigint      NOT NULL REFERENCES quote (id) ON DELETE CASCADE,
    sentiment     text        NOT NULL,
    -- each channel goes through every active quote once per rotation
    rotation      integer     NOT NULL,
    -- the local day a scheduled post is for: one post per channel and day; null for /quote post
    scheduled_for date,
    posted_at     timestamptz NOT NULL,
    post_ts       text,
    UNIQUE (team_id, channel_id, scheduled_for)
);
CREATE INDEX quote_post_channel_idx ON quote_post (team_id, channel_id, id);
CREATE UNIQUE INDEX quote_post_ts_idx ON quote_post (team_id, channel_id, post_ts) WHERE post_ts IS NOT NULL;

CREATE TABLE quote_reaction (
    post_id  bigint NOT NULL REFERENCES quote_post (id) ON DELETE CASCADE,
    user_id  text   NOT NULL,
    reaction text   NOT NULL,
    PRIMARY KEY (post_id, user_id, reaction)
);

CREATE TABLE quote_reply (
    post_id  bigint NOT NULL REFERENCES quote_post (id) ON DELETE CASCADE,
    reply_ts text   NOT NULL,
    PRIMARY KEY (post_id, reply_ts)
);
