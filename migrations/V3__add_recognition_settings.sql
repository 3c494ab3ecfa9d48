-- Recognition settings, changed with /cx: where kudos are posted, how many each person may give, and
-- whether /kudos top may name people.
ALTER TABLE workspace
    ADD COLUMN kudos_channel_id       text,
    ADD COLUMN kudos_allowance        integer NOT NULL DEFAULT 5 CHECK (kudos_allowance BETWEEN 1 AND 100),
    ADD COLUMN kudos_allowance_period text    NOT NULL DEFAULT 'week' CHECK (kudos_allowance_period IN ('day', 'week')),
    ADD COLUMN leaderboard_enabled    boolean NOT NULL DEFAULT true;
