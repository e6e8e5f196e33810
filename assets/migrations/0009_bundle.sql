-- Bundles (src/core/bundle_*.c): offices that work offline send their
-- subtree upward as a file; the office above merges it by uuid.

-- This database's stable random id, named in every bundle it writes, so the
-- receiver knows which office a bundle came from. A copied database file
-- keeps it (the copy is the same office).
INSERT OR IGNORE INTO setting(key, value) VALUES ('database_id', lower(hex(randomblob(16))));

-- Every bundle merged here: a bundle imported twice is recognised by its
-- id and changes nothing; the arrivals per unit come from here.
CREATE TABLE bundle_import (
  bundle_id    TEXT PRIMARY KEY,
  source_id    TEXT NOT NULL,
  unit_id      INTEGER REFERENCES unit(id) ON DELETE SET NULL,
  unit_code    TEXT NOT NULL,
  created_at   TEXT NOT NULL,  -- when the source made it (its clock)
  created_by   TEXT,
  since        TEXT,
  imported_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  file         TEXT,
  added        INTEGER NOT NULL DEFAULT 0,
  updated      INTEGER NOT NULL DEFAULT 0,
  deleted      INTEGER NOT NULL DEFAULT 0,
  conflicts    INTEGER NOT NULL DEFAULT 0,
  -- The audit rows the merge wrote (audit_first, audit_last]: when an undo
  -- has reverted all of them, the bundle may be imported again.
  audit_first  INTEGER,
  audit_last   INTEGER
);
CREATE INDEX bundle_import_unit ON bundle_import(unit_id, imported_at);
CREATE INDEX bundle_import_source ON bundle_import(source_id, created_at);

-- The last exchange, per row: updated_at is the version last received
-- (row uuid as the source knows it; 'deleted' once its deletion was seen),
-- local_at the local row's updated_at right after that exchange ('' when
-- unknown: the local row was newer and kept). A local row whose updated_at
-- differs from local_at has changed here since; an incoming one that
-- differs from updated_at has changed at the source since: both is a
-- conflict. Each side's times are compared only with that side's own, so a
-- PC clock that is wrong cannot hide a conflict.
CREATE TABLE bundle_base (
  uuid        TEXT PRIMARY KEY,
  tbl         TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  local_at    TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- A row changed on both sides: the local version stays, the incoming one
-- waits here (JSON objects with this database's ids) for the user's choice.
-- incoming_values NULL: the source deleted the row. incoming_children:
-- {"result": [...]} rows that travel with their parent (a report's figures).
CREATE TABLE bundle_conflict (
  id                 INTEGER PRIMARY KEY,
  tbl                TEXT NOT NULL,
  row_uuid           TEXT NOT NULL,
  row_id             INTEGER,
  local_values       TEXT,
  incoming_values    TEXT,
  incoming_children  TEXT,
  source_id          TEXT NOT NULL,
  source_unit        TEXT NOT NULL,
  bundle_id          TEXT NOT NULL,
  at                 TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  resolved_at        TEXT,
  resolution         TEXT CHECK (resolution IN ('local', 'incoming'))
);
CREATE INDEX bundle_conflict_open ON bundle_conflict(resolved_at, id);
CREATE INDEX bundle_conflict_row ON bundle_conflict(row_uuid);
