-- Treasury acknowledgments (PES_ACQUIT), each kept once, by content.
CREATE TABLE acknowledgments (
  blob_key    text        PRIMARY KEY,           -- sha256 of the acknowledgment file
  source      text        NOT NULL,              -- the endpoint it came from
  name        text,
  nom_fic     text,
  cod_col     text,
  outcome     jsonb,                             -- what was applied (domain/acquit outcome)
  findings    jsonb,                             -- deviations met while reading it
  received_at timestamptz NOT NULL DEFAULT now(),
  applied_at  timestamptz
);

-- How far each acknowledgment source has been read.
CREATE TABLE ack_cursors (
  source text PRIMARY KEY,
  cursor text NOT NULL
);
