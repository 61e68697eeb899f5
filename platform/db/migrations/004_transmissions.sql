-- Every PES file handed to a treasury post, once: (nom_fic, cod_col) is how the treasury and
-- the transmission platforms tell flows apart, so it is the key here too.
CREATE TABLE transmissions (
  nom_fic      text        NOT NULL,
  cod_col      text        NOT NULL,
  id_post      text        NOT NULL,
  id_coll      text        NOT NULL,
  blob_key     text        NOT NULL,
  byte_size    integer     NOT NULL,
  endpoint     text        NOT NULL,
  location     text,
  status       text        NOT NULL,          -- sent | acknowledged | rejected
  invoice_ids  text[]      NOT NULL,
  bordereaux   jsonb       NOT NULL,
  sent_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (nom_fic, cod_col)
);
CREATE INDEX transmissions_post ON transmissions (id_post, status);
