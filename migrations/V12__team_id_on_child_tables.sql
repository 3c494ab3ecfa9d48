-- Every table is keyed by the Slack team it belongs to: the child tables that had only their parent's id
-- get the parent's team_id, so a workspace's rows can be found, exported or erased by team alone.
ALTER TABLE kudos_value ADD COLUMN team_id text;
UPDATE kudos_value c SET team_id = p.team_id FROM kudos p WHERE p.id = c.kudos_id;
ALTER TABLE kudos_value ALTER COLUMN team_id SET NOT NULL;
CREATE INDEX kudos_value_team_idx ON kudos_value (team_id, value_name);

ALTER TABLE kudos_reaction ADD COLUMN team_id text;
UPDATE kudos_reaction c SET team_id = p.team_id FROM kudos p WHERE p.id = c.kudos_id;
ALTER TABLE kudos_reaction ALTER COLUMN team_id SET NOT NULL;
CREATE INDEX kudos_reaction_team_idx ON kudos_reaction (team_id, user_id);

ALTER TABLE quote_reaction ADD COLUMN team_id text;
UPDATE quote_reaction c SET team_id = p.team_id FROM quote_post p WHERE p.id = c.post_id;
ALTER TABLE quote_reaction ALTER COLUMN team_id SET NOT NULL;
CREATE INDEX quote_reaction_team_idx ON quote_reaction (team_id, user_id);

ALTER TABLE quote_reply ADD COLUMN team_id text;
UPDATE quote_reply c SET team_id = p.team_id FROM quote_post p WHERE p.id = c.post_id;
ALTER TABLE quote_reply ALTER COLUMN team_id SET NOT NULL;

ALTER TABLE pulse_question ADD COLUMN team_id text;
UPDATE pulse_question c SET team_id = p.team_id FROM pulse_series p WHERE p.id = c.series_id;
ALTER TABLE pulse_question ALTER COLUMN team_id SET NOT NULL;

ALTER TABLE pulse_recipient ADD COLUMN team_id text;
UPDATE pulse_recipient c SET team_id = p.team_id FROM pulse_run p WHERE p.id = c.run_id;
ALTER TABLE pulse_recipient ALTER COLUMN team_id SET NOT NULL;
CREATE INDEX pulse_recipient_team_idx ON pulse_recipient (team_id, user_id);

ALTER TABLE pulse_participation ADD COLUMN team_id text;
UPDATE pulse_participation c SET team_id = p.team_id FROM pulse_run p WHERE p.id = c.run_id;
ALTER TABLE pulse_participation ALTER COLUMN team_id SET NOT NULL;
CREATE INDEX pulse_participation_team_idx ON pulse_participation (team_id, user_id);

-- Every answer of a run carries the same team, so this tells nothing about who answered.
ALTER TABLE pulse_answer ADD COLUMN team_id text;
UPDATE pulse_answer c SET team_id = p.team_id FROM pulse_run p WHERE p.id = c.run_id;
ALTER TABLE pulse_answer ALTER COLUMN team_id SET NOT NULL;
