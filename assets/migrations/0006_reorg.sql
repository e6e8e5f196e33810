-- Reorganisations of the administrative units (the merger of 1 July 2025
-- and any later one): what each old unit became, where units and teams sat
-- before they were moved, so that statistics "as of" an earlier date see
-- the tree of that date. Written by "cnscd reorg apply" only.

-- Old unit → new unit, one row per pair. kind:
--   same     the unit goes on unchanged (same code, name and parent)
--   rename   the whole unit goes on alone under a new name, type, code or parent
--   merge    the whole unit went into a new unit together with others
--   split    the unit was divided; this new unit took over its villages and teams
--   partial  the unit was divided; this new unit got part of its territory only
-- effective is the first day of the new structure (ISO date); the old unit,
-- when closed, has valid_to = the day before.
CREATE TABLE unit_succession (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  old_unit_id  INTEGER NOT NULL REFERENCES unit(id),
  new_unit_id  INTEGER NOT NULL REFERENCES unit(id),
  kind         TEXT NOT NULL CHECK (kind IN ('same', 'rename', 'merge', 'split', 'partial')),
  resolution   TEXT,
  effective    TEXT NOT NULL,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (old_unit_id, new_unit_id, effective)
);
CREATE INDEX unit_succession_new ON unit_succession(new_unit_id);
CREATE INDEX unit_succession_effective ON unit_succession(effective, kind);

-- A unit as it was (name, type, level, parent and path) up to and including
-- valid_to, for units that a reorganisation renamed or moved (with their
-- whole subtree: a village whose commune moved has a new path too). Paths
-- are made of unit ids, which are never reused, so an old path stays
-- meaningful: its ancestors are still there, closed.
CREATE TABLE unit_former (
  unit_id     INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
  valid_to    TEXT NOT NULL,
  uuid        TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  name        TEXT NOT NULL,
  type        TEXT NOT NULL,
  level       INTEGER NOT NULL,
  parent_id   INTEGER REFERENCES unit(id),
  path        TEXT NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (unit_id, valid_to)
);
CREATE INDEX unit_former_path ON unit_former(path);

-- A team moved from one unit to another; it belongs to to_unit_id from
-- moved_on (ISO date) on, and belonged to from_unit_id before.
CREATE TABLE team_move (
  team_id       INTEGER NOT NULL REFERENCES team(id) ON DELETE CASCADE,
  moved_on      TEXT NOT NULL,
  uuid          TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  from_unit_id  INTEGER NOT NULL REFERENCES unit(id),
  to_unit_id    INTEGER NOT NULL REFERENCES unit(id),
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (team_id, moved_on)
);
CREATE INDEX team_move_from ON team_move(from_unit_id, moved_on);
