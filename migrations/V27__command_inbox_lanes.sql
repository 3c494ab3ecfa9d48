-- Which workers a command needs: long jobs (giving kudos, closing a survey, the digest) or quick ones (forms,
-- answers). An instance claims for each kind only while it has room for that kind, so that a backlog of long jobs is
-- never claimed by the room quick workers have, and handed back; the index finds either kind's next commands without
-- walking past the other's backlog.
ALTER TABLE command_inbox ADD COLUMN long_job boolean NOT NULL DEFAULT false;
DROP INDEX command_inbox_due_idx;
CREATE INDEX command_inbox_due_idx ON command_inbox (long_job, lease_until NULLS FIRST, id) WHERE done_at IS NULL;
