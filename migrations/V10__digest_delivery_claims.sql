-- A digest delivery is claimed, then marked sent only once Slack accepted the post. A failed send gives its claim
-- back, and the claim of an instance that died while sending lapses after a lease, so the digest is retried and
-- still sent once.
ALTER TABLE digest_delivery
    ALTER COLUMN sent_at DROP NOT NULL,
    ADD COLUMN claimed_at timestamptz,
    ADD COLUMN claimed_by text;
UPDATE digest_delivery SET claimed_at = sent_at, claimed_by = 'before-v10';
ALTER TABLE digest_delivery
    ALTER COLUMN claimed_at SET NOT NULL,
    ALTER COLUMN claimed_by SET NOT NULL;

-- kudos_period_idx (team_id, given_at) INCLUDE (…) served every query kudos_given_idx (team_id, given_at) did: one
-- index by period is enough. It now includes the id too, so that the digest's weekly aggregations (joined to the
-- recipients and values by id) read the index alone instead of visiting the table.
DROP INDEX kudos_given_idx;
DROP INDEX kudos_period_idx;
CREATE INDEX kudos_period_idx ON kudos (team_id, given_at) INCLUDE (id, giver_id, withdrawn_at, quote_id);
