-- The digest and the dashboard count a period's recipients and values. Joined to their kudos for its date, that read
-- every value of every kudos ever given (a hash join over the whole table: 150 ms of a digest on a million kudos).
-- Each recipient and value now carries its kudos' given_at (set with it, never changed), so that a period's are read
-- from their own index; the few withdrawn kudos of the period are found through kudos_withdrawn_idx.
ALTER TABLE kudos_recipient ADD COLUMN given_at timestamptz;
UPDATE kudos_recipient r SET given_at = k.given_at FROM kudos k WHERE k.id = r.kudos_id;
ALTER TABLE kudos_recipient ALTER COLUMN given_at SET NOT NULL;
CREATE INDEX kudos_recipient_period_idx ON kudos_recipient (team_id, given_at) INCLUDE (user_id, kudos_id);

ALTER TABLE kudos_value ADD COLUMN given_at timestamptz;
UPDATE kudos_value v SET given_at = k.given_at FROM kudos k WHERE k.id = v.kudos_id;
ALTER TABLE kudos_value ALTER COLUMN given_at SET NOT NULL;
CREATE INDEX kudos_value_period_idx ON kudos_value (team_id, given_at) INCLUDE (value_name, kudos_id);

-- The digest's spotlight puts the kudos with a customer impact first: it reads them by this index, and the others only
-- when a week has fewer than three of them.
CREATE INDEX kudos_impact_idx ON kudos (team_id, given_at) WHERE customer_impact IS NOT NULL AND withdrawn_at IS NULL;
