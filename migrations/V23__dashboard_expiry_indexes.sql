-- Expired sign-ins and sessions are deleted as new ones begin: by index, however many are waiting.
CREATE INDEX dashboard_signin_expires_idx ON dashboard_signin (expires_at);
CREATE INDEX dashboard_session_expires_idx ON dashboard_session (expires_at);
