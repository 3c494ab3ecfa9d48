-- The weekly digest now leaves through the outbox (V18): its dedupe key, digest:<recipient>:<ISO week>, makes each
-- recipient's digest of a week one message however many runs and instances enqueue it, and the outbox row records
-- what came of it (Slack's ts, or the error Slack refused it with). digest_delivery's claims are no longer needed.
-- The weeks it records as sent or refused are carried over first, so that a digest sent before the upgrade is not
-- sent again this week; a claim neither sent nor refused is left out, and that digest is enqueued and sent.
INSERT INTO outbox (team_id, kind, dedupe_key, method, channel, payload, created_at, not_before, attempts, state,
                    error, done_at)
SELECT team_id,
       'digest',
       'digest:' || recipient || ':' || week,
       'chat.postMessage',
       recipient,
       jsonb_build_object('text', 'The weekly digest of ' || week || ', recorded before the outbox', 'unfurl', false),
       claimed_at,
       claimed_at,
       1,
       CASE WHEN sent_at IS NOT NULL THEN 'sent' ELSE 'refused' END,
       failure,
       coalesce(sent_at, claimed_at)
FROM digest_delivery
WHERE sent_at IS NOT NULL OR failure IS NOT NULL
ON CONFLICT (team_id, dedupe_key) DO NOTHING;

-- Dropped rather than left behind: an instance still running the old code during a rolling upgrade then fails to
-- claim (and logs it) instead of posting a digest the new code also enqueues.
DROP TABLE digest_delivery;
