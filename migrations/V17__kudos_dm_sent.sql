-- Each recipient's DM is recorded when Slack took it (or refused it for good), so that announcing a kudos again
-- after a DM failed for a reason that may pass sends only the missing ones. The default marks as sent what an
-- instance still running older code inserts during a rolling upgrade; this code inserts NULL.
ALTER TABLE kudos_recipient ADD COLUMN dm_sent_at timestamptz DEFAULT now();
