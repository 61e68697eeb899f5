-- Mandates, their match with invoices, and the bordereaux they are grouped into.

-- Gapless counters (IdBord per exercice × budget × TypBord, IdPce per exercice × budget):
-- incremented inside the transaction that uses the number, so a rollback leaves no hole.
CREATE TABLE counters (
  scope text   PRIMARY KEY,
  last  bigint NOT NULL
);

CREATE TABLE mandates (
  id           text        PRIMARY KEY,       -- deterministic: collectivité + the department's reference
  reference    text        NOT NULL,          -- the finance department's own mandate reference
  id_coll      text        NOT NULL,
  exer         text        NOT NULL,
  seller_id    text        NOT NULL,
  invoice_number text      NOT NULL,
  body         jsonb       NOT NULL,          -- the mandate as submitted (domain/mandate)
  status       text        NOT NULL,          -- waiting_for_invoice | matched | mismatch
  reason       jsonb,
  submitted_at timestamptz NOT NULL DEFAULT now()
);
-- One live mandate per invoice; a mismatched one may be replaced by a corrected mandate.
CREATE UNIQUE INDEX mandates_invoice_key ON mandates (seller_id, invoice_number, id_coll) WHERE status <> 'mismatch';

-- Validated invoices waiting for (or matched with) their mandate.
CREATE TABLE matchable_invoices (
  invoice_id     text        PRIMARY KEY,
  seller_id      text        NOT NULL,
  invoice_number text        NOT NULL,
  buyer_id       text        NOT NULL,
  body           jsonb       NOT NULL,        -- the invoice.validated payload
  mandate_id     text        REFERENCES mandates (id),
  validated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX matchable_invoices_key ON matchable_invoices (seller_id, invoice_number);

CREATE TABLE bordereaux (
  id         text        PRIMARY KEY,         -- deterministic: group + opening piece
  id_post    text        NOT NULL,
  id_coll    text        NOT NULL,
  cod_col    text        NOT NULL,
  cod_bud    text        NOT NULL,
  exer       text        NOT NULL,
  typ_bord   text        NOT NULL,
  status     text        NOT NULL,            -- open | closed
  opened_at  timestamptz NOT NULL DEFAULT now(),
  closed_at  timestamptz,
  close_cause text,
  id_bord    integer,                         -- assigned at close
  nom_fic    text UNIQUE,
  blob_key   text
);
-- At most one open bordereau per group.
CREATE UNIQUE INDEX bordereaux_open_group ON bordereaux (id_post, id_coll, cod_col, cod_bud, exer, typ_bord) WHERE status = 'open';
CREATE UNIQUE INDEX bordereaux_number ON bordereaux (id_coll, cod_col, cod_bud, exer, typ_bord, id_bord);

CREATE TABLE pieces (
  mandate_id   text    PRIMARY KEY REFERENCES mandates (id),
  invoice_id   text    NOT NULL UNIQUE,
  bordereau_id text    NOT NULL REFERENCES bordereaux (id),
  id_pce       integer                         -- assigned at close, ordered by mandate id
);
CREATE INDEX pieces_bordereau ON pieces (bordereau_id);
