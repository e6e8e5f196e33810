-- cnscd schema, version 1.
-- Conventions: every row has a stable uuid (for merging databases between
-- offices) and created/updated timestamps in UTC ISO-8601. Dates are ISO
-- 'yyyy-mm-dd' text. search_key holds the folded text (no case, no
-- diacritics, đ→d) that the program computes; triggers copy it into the
-- FTS5 index with plain SQL so that any SQLite tool keeps the index right.

CREATE TABLE setting (
  key   TEXT PRIMARY KEY,
  value TEXT
) WITHOUT ROWID;

CREATE TABLE unit (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL CHECK (length(name) > 0),
  type        TEXT NOT NULL,
  level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 9),
  parent_id   INTEGER REFERENCES unit(id),
  -- '/<id of root>/.../<id>/': the subtree of a unit is a range of paths.
  path        TEXT NOT NULL DEFAULT '',
  valid_from  TEXT,
  valid_to    TEXT,
  search_key  TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX unit_parent ON unit(parent_id, code);
CREATE INDEX unit_path ON unit(path);
CREATE INDEX unit_level ON unit(level);

CREATE TABLE team (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  unit_id      INTEGER NOT NULL REFERENCES unit(id),
  name         TEXT NOT NULL CHECK (length(name) > 0),
  established  TEXT,
  decision_no  TEXT,
  note         TEXT,
  dissolved    TEXT,
  search_key   TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
-- (unit_id, dissolved) covers the statistics' join to active teams.
CREATE INDEX team_unit ON team(unit_id, dissolved);

CREATE TABLE member (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  team_id     INTEGER NOT NULL REFERENCES team(id) ON DELETE CASCADE,
  full_name   TEXT NOT NULL CHECK (length(full_name) > 0),
  gender      INTEGER NOT NULL DEFAULT 0 CHECK (gender = 0 OR gender = 1 OR gender = 2),
  birth_year  INTEGER,
  phone       TEXT,
  id_number   TEXT,
  role        INTEGER NOT NULL DEFAULT 3 CHECK (role = 1 OR role = 2 OR role = 3),
  position    TEXT,
  joined      TEXT,
  left_on     TEXT,
  note        TEXT,
  search_key  TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX member_team ON member(team_id, role, search_key);
-- Covers the statistics: active members of a team by role, gender, age.
CREATE INDEX member_stats ON member(team_id, left_on, role, gender, birth_year);
CREATE INDEX member_id_number ON member(id_number) WHERE id_number IS NOT NULL;
CREATE INDEX member_phone ON member(phone) WHERE phone IS NOT NULL;
-- At most one active leader per team.
CREATE UNIQUE INDEX member_one_leader ON member(team_id) WHERE role = 1 AND left_on IS NULL;

-- One index for the three kinds: rowid = kind * 2^40 + id (kind 1 unit, 2 team,
-- 3 member), so each kind is a rowid range that FTS5 can search on its own.
CREATE VIRTUAL TABLE search_fts USING fts5(
  key,
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '1 2 3'
);

CREATE TRIGGER unit_fts_ai AFTER INSERT ON unit BEGIN
  INSERT INTO search_fts(rowid, key) VALUES (1 * 1099511627776 + new.id, new.search_key);
END;
CREATE TRIGGER unit_fts_au AFTER UPDATE OF search_key ON unit BEGIN
  DELETE FROM search_fts WHERE rowid = 1 * 1099511627776 + old.id;
  INSERT INTO search_fts(rowid, key) VALUES (1 * 1099511627776 + new.id, new.search_key);
END;
CREATE TRIGGER unit_fts_ad AFTER DELETE ON unit BEGIN
  DELETE FROM search_fts WHERE rowid = 1 * 1099511627776 + old.id;
END;

CREATE TRIGGER team_fts_ai AFTER INSERT ON team BEGIN
  INSERT INTO search_fts(rowid, key) VALUES (2 * 1099511627776 + new.id, new.search_key);
END;
CREATE TRIGGER team_fts_au AFTER UPDATE OF search_key ON team BEGIN
  DELETE FROM search_fts WHERE rowid = 2 * 1099511627776 + old.id;
  INSERT INTO search_fts(rowid, key) VALUES (2 * 1099511627776 + new.id, new.search_key);
END;
CREATE TRIGGER team_fts_ad AFTER DELETE ON team BEGIN
  DELETE FROM search_fts WHERE rowid = 2 * 1099511627776 + old.id;
END;

CREATE TRIGGER member_fts_ai AFTER INSERT ON member BEGIN
  INSERT INTO search_fts(rowid, key) VALUES (3 * 1099511627776 + new.id, new.search_key);
END;
CREATE TRIGGER member_fts_au AFTER UPDATE OF search_key ON member BEGIN
  DELETE FROM search_fts WHERE rowid = 3 * 1099511627776 + old.id;
  INSERT INTO search_fts(rowid, key) VALUES (3 * 1099511627776 + new.id, new.search_key);
END;
CREATE TRIGGER member_fts_ad AFTER DELETE ON member BEGIN
  DELETE FROM search_fts WHERE rowid = 3 * 1099511627776 + old.id;
END;
