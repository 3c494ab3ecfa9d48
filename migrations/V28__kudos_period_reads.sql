-- The digest and the dashboard count a period's recipients and values. Joined to their kudos for its date, that read
-- every value of every kudos ever given (a hash join over the whole table: 150 ms of a digest on a million kudos).
-- Each recipient and value now carries its kudos' given_at (set with it, never changed), so that a period's are read
-- from their own index; the few withdrawn kudos of the period are found through kudos_withdrawn_idx.
--
-- The digest's spotlight puts the kudos with a customer impact first: it reads them by kudos_impact_idx, and the
-- others only when a week has fewer than three of them. Built first, so that this migration takes its locks in the
-- order a give does (kudos, then its recipients and values) and cannot deadlock with one.
CREATE INDEX kudos_impact_idx ON kudos (team_id, given_at) WHERE customer_impact IS NOT NULL AND withdrawn_at IS NULL;

ALTER TABLE kudos_recipient ADD COLUMN given_at timestamptz;
UPDATE kudos_recipient r SET given_at = k.given_at FROM kudos k WHERE k.id = r.kudos_id;
ALTER TABLE kudos_recipient ALTER COLUMN given_at SET NOT NULL;
CREATE INDEX kudos_recipient_period_idx ON kudos_recipient (team_id, given_at) INCLUDE (user_id, kudos_id);

ALTER TABLE kudos_value ADD COLUMN given_at timestamptz;
UPDATE kudos_value v SET given_at = k.given_at FROM kudos k WHERE k.id = v.kudos_id;
ALTER TABLE kudos_value ALTER COLUMN given_at SET NOT NULL;
CREATE INDEX kudos_value_period_idx ON kudos_value (team_id, given_at) INCLUDE (value_name, kudos_id);

-- An instance of the version before, still running beside a newer one during a rolling deploy, inserts recipients and
-- values without given_at: it is copied from their kudos then (the current version sets it itself, and the trigger
-- does not fire). The function finds kudos in the schema it was created in, whatever the inserting session's path.
CREATE FUNCTION kudos_child_given_at() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    NEW.given_at := (SELECT k.given_at FROM kudos k WHERE k.id = NEW.kudos_id);
    RETURN NEW;
END
$$;
CREATE TRIGGER kudos_recipient_given_at BEFORE INSERT ON kudos_recipient
    FOR EACH ROW WHEN (NEW.given_at IS NULL) EXECUTE FUNCTION kudos_child_given_at();
CREATE TRIGGER kudos_value_given_at BEFORE INSERT ON kudos_value
    FOR EACH ROW WHEN (NEW.given_at IS NULL) EXECUTE FUNCTION kudos_child_given_at();

ANALYZE kudos_recipient;
ANALYZE kudos_value;
