-- Invoices as suppliers uploaded them, and the append-only trail of their statuses.

CREATE TABLE invoices (
  id             text        PRIMARY KEY,        -- content-derived (domain/ids.ts)
  content_hash   text        NOT NULL UNIQUE,    -- sha256 of the uploaded bytes = blob key
  byte_size      integer     NOT NULL,
  media_type     text        NOT NULL,
  file_name      text,
  received_at    timestamptz NOT NULL DEFAULT now(),
  format         text,                           -- set by the validator
  invoice_number text,                           -- BT-1
  seller_id      text,                           -- BT-29/30
  buyer_id       text,                           -- BT-46/47
  status         text        NOT NULL,
  status_at      timestamptz NOT NULL DEFAULT now(),
  findings       jsonb,
  summary        jsonb                           -- domain/events.ts InvoiceSummary, once validated
);
CREATE INDEX invoices_status ON invoices (status);

CREATE TABLE invoice_status_history (
  seq         bigserial   PRIMARY KEY,
  invoice_id  text        NOT NULL REFERENCES invoices (id),
  from_status text,
  to_status   text        NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  cause       text        NOT NULL,               -- id of the message that caused it
  source      text        NOT NULL,               -- the service
  detail      jsonb
);
CREATE INDEX invoice_status_history_invoice ON invoice_status_history (invoice_id, seq);

-- Buyers (collectivités) as the treasury knows them: the single place this data lives.
CREATE TABLE buyers (
  siret                 text    PRIMARY KEY CHECK (siret ~ '^[0-9]{14}$'),
  name                  text    NOT NULL,
  requires_service_code boolean NOT NULL DEFAULT false,  -- BT-10
  requires_engagement   boolean NOT NULL DEFAULT false,  -- BT-13
  id_post               text    NOT NULL,                -- IdPost: the treasury post
  cod_col               text    NOT NULL,
  cod_bud               text    NOT NULL,
  nomenclature          text    NOT NULL,
  active                boolean NOT NULL DEFAULT true,
  -- Other identifiers invoices use for this buyer (BT-46 with another scheme, a GLN…).
  aliases               text[]  NOT NULL DEFAULT '{}'
);
CREATE INDEX buyers_aliases ON buyers USING gin (aliases);

-- Suppliers as finance departments already described them: reused by later mandates.
CREATE TABLE suppliers (
  siret      text  PRIMARY KEY,
  details    jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
