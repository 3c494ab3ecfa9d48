-- A digest Slack refused for good (the leader was removed, the channel archived or missing, the bot not in it) is
-- recorded as failed with Slack's error instead of giving its claim back, so it is not rebuilt and re-posted every
-- run for the rest of the week. Errors that may pass (rate limits, Slack or network outages) still give it back.
-- (V10's "still sent once" holds for an instance that dies before Slack answers its post; one that dies after Slack
-- received the post but before sent_at was written leaves a claim that lapses, and that digest is posted again.)
ALTER TABLE digest_delivery
    ADD COLUMN failure text,
    ADD CONSTRAINT digest_delivery_sent_or_failed CHECK (sent_at IS NULL OR failure IS NULL);
