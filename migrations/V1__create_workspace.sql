-- A Slack workspace that uses Lodestar, and its CX settings.
CREATE TABLE workspace (
    team_id       text PRIMARY KEY,
    enterprise_id text,
    mission       text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- The company's CX values; names are unique per workspace whatever their case.
CREATE TABLE cx_value (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    team_id     text NOT NULL REFERENCES workspace (team_id) ON DELETE CASCADE,
    name        text NOT NULL,
    description text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX cx_value_name_key ON cx_value (team_id, lower(name));

-- People with a role in Lodestar: leaders (digest, leadership involvement) and Lodestar admins
-- (who may change settings besides Slack's own workspace admins and owners).
CREATE TABLE workspace_role (
    team_id  text NOT NULL REFERENCES workspace (team_id) ON DELETE CASCADE,
    role     text NOT NULL CHECK (role IN ('leader', 'admin')),
    user_id  text NOT NULL,
    added_by text NOT NULL,
    added_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, role, user_id)
);
