-- The processing contract (docs/processing-contract.md): a consumer records each message it has
-- handled in the same transaction as its effects, and writes what it emits to the outbox.

CREATE TABLE processed_messages (
  consumer     text        NOT NULL,
  message_id   text        NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, message_id)
);

CREATE TABLE outbox (
  seq        bigserial   PRIMARY KEY,
  id         text        NOT NULL UNIQUE,   -- the message's deterministic id
  topic      text        NOT NULL,
  key        text        NOT NULL,
  value      text        NOT NULL,          -- the envelope, JSON
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at    timestamptz
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE sent_at IS NULL;

CREATE TABLE dead_letters (
  id           bigserial   PRIMARY KEY,
  consumer     text        NOT NULL,
  topic        text        NOT NULL,
  kafka_partition integer  NOT NULL,
  kafka_offset text        NOT NULL,
  message_id   text,
  error_code   text        NOT NULL,
  error        text        NOT NULL,
  attempts     integer     NOT NULL,
  failed_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (consumer, topic, kafka_partition, kafka_offset)
);
