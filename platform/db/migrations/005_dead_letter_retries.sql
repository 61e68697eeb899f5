-- An operator may send dead letters back to their topic once the cause is fixed.
ALTER TABLE dead_letters ADD COLUMN retried_at timestamptz;
CREATE INDEX dead_letters_pending ON dead_letters (topic) WHERE retried_at IS NULL;
