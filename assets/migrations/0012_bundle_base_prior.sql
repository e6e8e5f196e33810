-- Undo of a bundle import puts back the record of the last exchange of
-- every row it touched (bundle_base), which the audit log does not keep:
-- before an import first changes the base of a row, the base as it was
-- (NULL tbl: there was none) is kept here under the import's bundle id.
CREATE TABLE IF NOT EXISTS bundle_base_prior (
  bundle_id   TEXT NOT NULL,
  uuid        TEXT NOT NULL,
  tbl         TEXT,
  updated_at  TEXT,
  local_at    TEXT,
  PRIMARY KEY (bundle_id, uuid)
) WITHOUT ROWID;
