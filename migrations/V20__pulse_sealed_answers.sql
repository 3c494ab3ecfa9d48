-- Pulse answers nobody can read or link from the database.
--
-- While a run is open, an answer is sealed (AES-GCM) with a key derived from the server secret, which never enters the
-- database, under an answer key that is an HMAC of the person's user id with another such key. Nothing else is written
-- when someone answers: who answered is known only by recomputing their answer key. When the run closes, its tallies
-- (counts per value, comments in random order, only for what met the minimum group size) are kept, and its answers
-- are deleted and the table vacuumed.
ALTER TABLE pulse_answer RENAME TO pulse_answer_v7;
ALTER TABLE pulse_participation RENAME TO pulse_participation_v7;

CREATE TABLE pulse_answer (
    run_id     bigint  NOT NULL REFERENCES pulse_run (id) ON DELETE CASCADE,
    team_id    text    NOT NULL,
    position   integer NOT NULL,
    answer_key text    NOT NULL,
    sealed     bytea   NOT NULL,
    PRIMARY KEY (run_id, position, answer_key)
);

-- A closed run's counts: how many answered `value` (0-10, 1-5 or an option's index) to the question at `position`.
CREATE TABLE pulse_tally (
    run_id   bigint  NOT NULL REFERENCES pulse_run (id) ON DELETE CASCADE,
    team_id  text    NOT NULL,
    position integer NOT NULL,
    value    integer NOT NULL,
    count    integer NOT NULL CHECK (count > 0),
    PRIMARY KEY (run_id, position, value)
);

-- A closed run's comments, written in random order, with no key and no time; the author only for surveys that said
-- they are not anonymous.
CREATE TABLE pulse_comment (
    run_id   bigint  NOT NULL REFERENCES pulse_run (id) ON DELETE CASCADE,
    team_id  text    NOT NULL,
    position integer NOT NULL,
    text     text    NOT NULL,
    author   text
);
CREATE INDEX pulse_comment_run_idx ON pulse_comment (run_id, position);

-- Set when the run's answers are counted (after it closes): how many people answered at least one question.
ALTER TABLE pulse_run ADD COLUMN respondents integer;
ALTER TABLE pulse_run ADD COLUMN tallied_at timestamptz;
CREATE INDEX pulse_run_untallied_idx ON pulse_run (id) WHERE tallied_at IS NULL AND closed_at IS NOT NULL;

-- Runs closed before this change: their answers had no key and no user id (unless not anonymous); counted here.
UPDATE pulse_run r
SET respondents = (SELECT count(*) FROM pulse_participation_v7 p WHERE p.run_id = r.id),
    tallied_at  = r.closed_at
WHERE r.closed_at IS NOT NULL;

INSERT INTO pulse_tally (run_id, team_id, position, value, count)
SELECT run_id, team_id, position, value, n
FROM (SELECT a.run_id, a.team_id, a.position, a.value, count(*) AS n,
             sum(count(*)) OVER (PARTITION BY a.run_id, a.position) AS answered, s.min_group, r.respondents
      FROM pulse_answer_v7 a
               JOIN pulse_run r ON r.id = a.run_id
               JOIN pulse_series s ON s.id = r.series_id
      WHERE r.closed_at IS NOT NULL AND a.value IS NOT NULL
      GROUP BY a.run_id, a.team_id, a.position, a.value, s.min_group, r.respondents) counted
WHERE answered >= min_group AND respondents >= min_group;

INSERT INTO pulse_comment (run_id, team_id, position, text, author)
SELECT run_id, team_id, position, comment, author
FROM (SELECT a.run_id, a.team_id, a.position, a.comment, CASE WHEN s.anonymous THEN NULL ELSE a.user_id END AS author,
             count(*) OVER (PARTITION BY a.run_id, a.position) AS answered, s.min_group, r.respondents
      FROM pulse_answer_v7 a
               JOIN pulse_run r ON r.id = a.run_id
               JOIN pulse_series s ON s.id = r.series_id
      WHERE r.closed_at IS NOT NULL AND a.comment IS NOT NULL) commented
WHERE answered >= min_group AND respondents >= min_group
ORDER BY random();

DELETE FROM pulse_answer_v7 a USING pulse_run r WHERE r.id = a.run_id AND r.closed_at IS NOT NULL;
DELETE FROM pulse_participation_v7 p USING pulse_run r WHERE r.id = p.run_id AND r.closed_at IS NOT NULL;
UPDATE pulse_run SET answer_secret = NULL WHERE closed_at IS NOT NULL;
-- The answers of runs still open are sealed by the bot when it starts (it holds the secret), then these tables are
-- emptied; a later release drops them and pulse_run.answer_secret.

-- Left over from announcing without the outbox.
DROP TABLE pulse_result_post;
ALTER TABLE pulse_run DROP COLUMN announce_claimed_at;
