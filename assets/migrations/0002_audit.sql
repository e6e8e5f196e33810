-- cnscd schema, version 2: the audit log.
-- Every insert, update and delete of an audited table (units, teams,
-- members; the list is in src/core/audit.c) is recorded here by triggers,
-- so changes made by any path are caught: forms, imports, even an sqlite3
-- shell. cnscd generates those triggers from the tables' columns right
-- after each migration (names audit_<table>_insert/_update/_delete), so a
-- column added later is recorded without touching them by hand.

CREATE TABLE audit (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  tbl         TEXT NOT NULL,
  row_id      INTEGER NOT NULL,
  row_uuid    TEXT,
  action      TEXT NOT NULL CHECK (action = 'insert' OR action = 'update' OR action = 'delete'),
  -- The whole row as a JSON object: before (update, delete), after
  -- (insert, update). An update that changes only housekeeping columns
  -- (search_key, path, updated_at) is not recorded.
  old_values  TEXT,
  new_values  TEXT,
  undone      INTEGER NOT NULL DEFAULT 0, -- reverted by a later undo
  by_undo     INTEGER NOT NULL DEFAULT 0  -- written by an undo
);
CREATE INDEX audit_row ON audit(tbl, row_id);
CREATE INDEX audit_at ON audit(at);

-- Audit rows first_id..last_id were written by one cnscd transaction (one
-- user action, or one import): undo reverts them together. Rows of one
-- statement outside a transaction (a team deleted with its members) share
-- their timestamp, which groups them too.
CREATE TABLE audit_group (
  first_id INTEGER PRIMARY KEY,
  last_id  INTEGER NOT NULL
);
