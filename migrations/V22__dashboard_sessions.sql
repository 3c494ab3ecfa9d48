-- The leader dashboard's "Sign in with Slack" (OpenID Connect) and its sessions, shared by every instance.

-- A sign-in under way: its state and nonce, checked once when Slack sends the person back; 10 minutes.
CREATE TABLE dashboard_signin (
    state      text        PRIMARY KEY,
    nonce      text        NOT NULL,
    expires_at timestamptz NOT NULL
);

-- A signed-in person. The cookie holds a random id; only its HMAC (under a key from the server secret) is stored,
-- so that whoever reads the database cannot take over a session.
CREATE TABLE dashboard_session (
    id_hash    text        PRIMARY KEY,
    team_id    text        NOT NULL,
    user_id    text        NOT NULL,
    name       text        NOT NULL,
    csrf       text        NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX dashboard_session_team_idx ON dashboard_session (team_id);
