-- People and places that change: members moving between teams, teams
-- merged into another, two records of one person made one, and training
-- sessions carried to the successor of a unit a reorganisation closed.
-- Written to run again harmlessly (IF NOT EXISTS, OR IGNORE).

-- A transfer: the member belongs to to_team_id from moved_on (ISO date) on
-- and belonged to from_team_id before, so that figures as of an earlier day
-- count them where they were. kind 'merge': moved by a merge of their team
-- (see team_merge). The member row keeps its id, its history, its
-- attendance and its figures.
CREATE TABLE IF NOT EXISTS member_move (
  id            INTEGER PRIMARY KEY,
  uuid          TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  member_id     INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  moved_on      TEXT NOT NULL,
  from_team_id  INTEGER NOT NULL REFERENCES team(id) ON DELETE CASCADE,
  to_team_id    INTEGER NOT NULL REFERENCES team(id) ON DELETE CASCADE,
  kind          TEXT NOT NULL DEFAULT 'transfer' CHECK (kind = 'transfer' OR kind = 'merge'),
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX IF NOT EXISTS member_move_member ON member_move(member_id, moved_on);
CREATE INDEX IF NOT EXISTS member_move_from ON member_move(from_team_id, moved_on);
CREATE INDEX IF NOT EXISTS member_move_to ON member_move(to_team_id);

-- A team merged into another of the same unit on merged_on: its members
-- moved (member_move kind 'merge'), its monthly reports went over (a month
-- both teams had reported was added up: months_added, 'YYYY-MM,...'), and
-- it was dissolved that day. Kept for the record.
CREATE TABLE IF NOT EXISTS team_merge (
  id            INTEGER PRIMARY KEY,
  uuid          TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  team_id       INTEGER NOT NULL REFERENCES team(id) ON DELETE CASCADE,
  into_team_id  INTEGER NOT NULL REFERENCES team(id) ON DELETE CASCADE,
  merged_on     TEXT NOT NULL,
  members       INTEGER NOT NULL DEFAULT 0,
  reports_moved INTEGER NOT NULL DEFAULT 0,
  months_added  TEXT,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX IF NOT EXISTS team_merge_team ON team_merge(team_id);
CREATE INDEX IF NOT EXISTS team_merge_into ON team_merge(into_team_id);

-- Two records of one person made one: member_id is the record kept; the
-- other (merged_uuid) was removed after its attendance, figures and moves
-- went to the record kept. Its change history stays findable by its uuid.
CREATE TABLE IF NOT EXISTS member_merge (
  id              INTEGER PRIMARY KEY,
  uuid            TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  member_id       INTEGER NOT NULL REFERENCES member(id) ON DELETE CASCADE,
  merged_uuid     TEXT NOT NULL,
  merged_name     TEXT NOT NULL,
  merged_team_id  INTEGER REFERENCES team(id) ON DELETE SET NULL,
  merged_on       TEXT NOT NULL,
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX IF NOT EXISTS member_merge_member ON member_merge(member_id);
CREATE INDEX IF NOT EXISTS member_merge_uuid ON member_merge(merged_uuid);
-- A CCCD is one person: who holds it among the active members is asked
-- at every save of a member.
CREATE INDEX IF NOT EXISTS member_active_id_number ON member(id_number) WHERE id_number IS NOT NULL AND left_on IS NULL;

-- The CCCDs that more than one active member holds (a person serving in
-- two teams), kept by triggers, so that the figures, which count
-- memberships, can say how many people that is without reading every
-- member's CCCD: usually none or a few rows.
CREATE TABLE IF NOT EXISTS cccd_repeat (
  id_number TEXT PRIMARY KEY
) WITHOUT ROWID;
INSERT OR IGNORE INTO cccd_repeat
SELECT id_number FROM member WHERE id_number IS NOT NULL AND left_on IS NULL GROUP BY id_number HAVING count(*) > 1;

CREATE TRIGGER IF NOT EXISTS cccd_repeat_ins AFTER INSERT ON member
WHEN new.id_number IS NOT NULL AND new.left_on IS NULL
BEGIN
  INSERT OR IGNORE INTO cccd_repeat SELECT new.id_number
  WHERE (SELECT count(*) FROM member WHERE id_number = new.id_number AND left_on IS NULL) > 1;
END;

CREATE TRIGGER IF NOT EXISTS cccd_repeat_upd AFTER UPDATE OF id_number, left_on ON member
BEGIN
  DELETE FROM cccd_repeat WHERE id_number = old.id_number
  AND (SELECT count(*) FROM member WHERE id_number = old.id_number AND left_on IS NULL) < 2;
  INSERT OR IGNORE INTO cccd_repeat SELECT new.id_number
  WHERE new.id_number IS NOT NULL AND new.left_on IS NULL
  AND (SELECT count(*) FROM member WHERE id_number = new.id_number AND left_on IS NULL) > 1;
END;

CREATE TRIGGER IF NOT EXISTS cccd_repeat_del AFTER DELETE ON member WHEN old.id_number IS NOT NULL
BEGIN
  DELETE FROM cccd_repeat WHERE id_number = old.id_number
  AND (SELECT count(*) FROM member WHERE id_number = old.id_number AND left_on IS NULL) < 2;
END;

-- The history of a record kept includes the merged one's, found by the
-- uuid its deletion was logged with.
CREATE INDEX IF NOT EXISTS audit_member_deleted ON audit(row_uuid) WHERE tbl = 'member' AND action = 'delete';

-- A training session carried by a reorganisation from the unit that ran it
-- (closed) to that unit's successor, as team_move does for teams: lists
-- and reports count it for the successor, and "as of" an earlier day where
-- it was.
-- Logged (an id, as the change log and its undo need): a session erased
-- and brought back by undo comes back with its move.
CREATE TABLE IF NOT EXISTS training_move (
  id            INTEGER PRIMARY KEY,
  training_id   INTEGER NOT NULL REFERENCES training(id) ON DELETE CASCADE,
  moved_on      TEXT NOT NULL,
  from_unit_id  INTEGER NOT NULL REFERENCES unit(id),
  to_unit_id    INTEGER NOT NULL REFERENCES unit(id),
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (training_id, moved_on)
);
CREATE INDEX IF NOT EXISTS training_move_from ON training_move(from_unit_id, moved_on);

-- Databases reorganised before this version left the sessions of closed
-- units behind: carry them now, each to the successor its unit's teams went
-- to (else the one that took its villages, else any but a partial one). The
-- carrying is the reorganisation's doing, not a user's change: the log's
-- trigger is set aside (cnscd makes the audit triggers again right after
-- every migration) and the rows keep their updated_at.
DROP TRIGGER IF EXISTS audit_training_update;
INSERT OR IGNORE INTO training_move(training_id, moved_on, from_unit_id, to_unit_id)
SELECT t.id, s.effective, s.old_unit_id, s.new_unit_id
FROM training t JOIN unit u ON u.id = t.unit_id AND u.valid_to IS NOT NULL
JOIN unit_succession s ON s.id = (
  SELECT s2.id FROM unit_succession s2 JOIN unit n ON n.id = s2.new_unit_id
  WHERE s2.old_unit_id = u.id AND s2.new_unit_id <> u.id AND n.valid_to IS NULL
  ORDER BY EXISTS (SELECT 1 FROM team_move m WHERE m.from_unit_id = s2.old_unit_id
                   AND m.to_unit_id = s2.new_unit_id AND m.moved_on = s2.effective) DESC,
           s2.kind = 'split' DESC, s2.kind = 'partial', s2.effective DESC, n.code
  LIMIT 1);
UPDATE training SET unit_id = (SELECT m.to_unit_id FROM training_move m WHERE m.training_id = training.id)
WHERE id IN (SELECT training_id FROM training_move);

-- A session's topics get an id, as a month's figures have, so that the
-- change log records them: undoing the erasure of a session (or an edit
-- of its topics) brings its topics back with it. Rebuilt by copy, which
-- runs again harmlessly.
CREATE TABLE IF NOT EXISTS training_topic_new (
  id          INTEGER PRIMARY KEY,
  training_id INTEGER NOT NULL REFERENCES training(id) ON DELETE CASCADE,
  topic_id    INTEGER NOT NULL REFERENCES topic(id),
  UNIQUE (training_id, topic_id)
);
INSERT OR IGNORE INTO training_topic_new(training_id, topic_id) SELECT training_id, topic_id FROM training_topic;
DROP TABLE training_topic;
ALTER TABLE training_topic_new RENAME TO training_topic;
