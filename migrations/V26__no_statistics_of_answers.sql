-- ANALYZE (autovacuum runs it by itself) copies sample values of each column into pg_statistic, a catalog table
-- outside the answers' own files that keeps them after the answers are deleted: a sealed answer's key and ciphertext
-- must not be copied anywhere. Without statistics on them the planner loses nothing: they are only read by key.
ALTER TABLE pulse_answer ALTER COLUMN answer_key SET STATISTICS 0;
ALTER TABLE pulse_answer ALTER COLUMN sealed SET STATISTICS 0;
