-- Approval upward: the level above approves a unit's monthly results for a
-- period, bottom-up (communes, then districts, then the province). An
-- approval is never deleted: un-approving sets status 0, so the row keeps
-- its uuid and a newer updated_at, and a bundle carries the change both ways.
-- status: 1 approved, 0 un-approved.
CREATE TABLE approval (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  unit_id      INTEGER NOT NULL REFERENCES unit(id),
  period       TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  status       INTEGER NOT NULL DEFAULT 1 CHECK (status IN (0, 1)),
  approved_by  TEXT,
  approved_at  TEXT,
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (unit_id, period)
);
-- The lock asks first whether anything of a month is approved at all.
CREATE INDEX approval_period ON approval(period, status);

-- Every approval and un-approval, kept for the record (with its own uuid
-- and times so that the record travels in bundles too).
CREATE TABLE approval_log (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  unit_id     INTEGER NOT NULL REFERENCES unit(id),
  period      TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action IN ('approve', 'unapprove')),
  at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  by          TEXT,
  note        TEXT,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX approval_log_unit ON approval_log(unit_id, period);
