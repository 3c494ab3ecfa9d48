-- Announcing a closed run is claimed in a short transaction, then done with no transaction open: the claim of an
-- instance that died while announcing lapses after a lease, and the run is announced again.
ALTER TABLE pulse_run ADD COLUMN announce_claimed_at timestamptz;

-- Members of a run's channel or user group whom Slack says are not people to ask (bots, deactivated, unknown to
-- Slack, e.g. external Slack Connect users): remembered so that they are not looked up again on every tick.
CREATE TABLE pulse_excluded (
    run_id  bigint NOT NULL REFERENCES pulse_run (id) ON DELETE CASCADE,
    team_id text   NOT NULL,
    user_id text   NOT NULL,
    PRIMARY KEY (run_id, user_id)
);

-- The workspace's user groups as last loaded from Slack, shared by every instance: the survey form is read from
-- here within Slack's 3 seconds, whichever instance receives it.
CREATE TABLE pulse_usergroup_list (
    team_id   text        PRIMARY KEY,
    loaded_at timestamptz NOT NULL
);
CREATE TABLE pulse_usergroup (
    team_id      text NOT NULL REFERENCES pulse_usergroup_list (team_id) ON DELETE CASCADE,
    handle       text NOT NULL,
    usergroup_id text NOT NULL,
    PRIMARY KEY (team_id, handle)
);
