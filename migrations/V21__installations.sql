-- Installations by "Add to Slack" (OAuth v2), when Lodestar serves many workspaces: one per workspace, or one per
-- Enterprise Grid organisation for an org-wide install (team_id null). Tokens are sealed with a key derived from the
-- server secret, which never enters the database.
CREATE TABLE installation (
    install_key           text        PRIMARY KEY, -- 'T:<team_id>', or 'E:<enterprise_id>' for an org-wide install
    team_id               text,
    enterprise_id         text,
    is_enterprise_install boolean     NOT NULL,
    app_id                text,
    bot_id                text        NOT NULL,
    bot_user_id           text        NOT NULL,
    bot_scopes            text,
    bot_token             bytea       NOT NULL,
    bot_refresh_token     bytea,       -- with token rotation
    bot_token_expires_at  timestamptz, -- with token rotation
    installer_user_id     text,
    installed_at          timestamptz NOT NULL
);
CREATE INDEX installation_team_idx ON installation (team_id);
CREATE INDEX installation_enterprise_idx ON installation (enterprise_id);

-- The state of an install begun at /slack/install, checked once at /slack/oauth_redirect; expires after 10 minutes.
CREATE TABLE oauth_state (
    state      text        PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
