-- A message Kafka refuses for good (too large, invalid) is set aside with its error rather than
-- blocking every message behind it; operators see it and can fix and resend it.
ALTER TABLE outbox ADD COLUMN failed_at timestamptz, ADD COLUMN error text;
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (seq) WHERE sent_at IS NULL AND failed_at IS NULL;
