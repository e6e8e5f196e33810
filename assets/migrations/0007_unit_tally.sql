-- Each unit's OWN active teams and their active members, kept by triggers,
-- so that the figures of a subtree (the browser's home screen, "cnscd
-- stats") add up a few small rows per unit instead of counting every
-- member: the whole country is ~111,000 rows here against ~625,000 members.
-- path is a copy of the unit's path, so that a subtree is a range of this
-- table's covering index alone. A unit gets a row with its first team.
CREATE TABLE unit_tally (
  unit_id  INTEGER PRIMARY KEY REFERENCES unit(id) ON DELETE CASCADE,
  path     TEXT NOT NULL,
  teams    INTEGER NOT NULL DEFAULT 0,  -- active teams of the unit itself
  members  INTEGER NOT NULL DEFAULT 0   -- active members of those teams
);
CREATE INDEX unit_tally_path ON unit_tally(path, teams, members);

INSERT INTO unit_tally(unit_id, path, teams, members)
SELECT u.id, u.path,
       (SELECT count(*) FROM team t WHERE t.unit_id = u.id AND t.dissolved IS NULL),
       (SELECT count(*) FROM team t JOIN member m ON m.team_id = t.id
        WHERE t.unit_id = u.id AND t.dissolved IS NULL AND m.left_on IS NULL)
FROM unit u WHERE EXISTS (SELECT 1 FROM team t WHERE t.unit_id = u.id);

-- A moved unit (reorganisation) keeps its row under its new path.
CREATE TRIGGER unit_tally_path AFTER UPDATE OF path ON unit
BEGIN
  UPDATE unit_tally SET path = new.path WHERE unit_id = new.id;
END;

-- Teams: an active team counts once with its active members.
CREATE TRIGGER unit_tally_team_ins AFTER INSERT ON team
BEGIN
  INSERT INTO unit_tally(unit_id, path, teams, members)
  SELECT new.unit_id, (SELECT path FROM unit WHERE id = new.unit_id), new.dissolved IS NULL,
         (SELECT count(*) FROM member WHERE team_id = new.id AND left_on IS NULL) * (new.dissolved IS NULL)
  WHERE true
  ON CONFLICT(unit_id) DO UPDATE SET teams = teams + excluded.teams, members = members + excluded.members;
END;

CREATE TRIGGER unit_tally_team_upd AFTER UPDATE OF unit_id, dissolved ON team
BEGIN
  UPDATE unit_tally SET teams = teams - 1,
         members = members - (SELECT count(*) FROM member WHERE team_id = old.id AND left_on IS NULL)
  WHERE unit_id = old.unit_id AND old.dissolved IS NULL;
  INSERT INTO unit_tally(unit_id, path, teams, members)
  SELECT new.unit_id, (SELECT path FROM unit WHERE id = new.unit_id), 1,
         (SELECT count(*) FROM member WHERE team_id = new.id AND left_on IS NULL)
  WHERE new.dissolved IS NULL
  ON CONFLICT(unit_id) DO UPDATE SET teams = teams + excluded.teams, members = members + excluded.members;
END;

-- The members of a deleted team go with it (ON DELETE CASCADE, after the
-- team's row is gone, so the member triggers below no longer find it): they
-- are taken off here, before, while they can still be counted.
CREATE TRIGGER unit_tally_team_del BEFORE DELETE ON team
BEGIN
  UPDATE unit_tally SET teams = teams - 1,
         members = members - (SELECT count(*) FROM member WHERE team_id = old.id AND left_on IS NULL)
  WHERE unit_id = old.unit_id AND old.dissolved IS NULL;
END;

-- Members: an active member of an active team counts once.
CREATE TRIGGER unit_tally_member_ins AFTER INSERT ON member WHEN new.left_on IS NULL
BEGIN
  UPDATE unit_tally SET members = members + 1
  WHERE unit_id = (SELECT unit_id FROM team WHERE id = new.team_id AND dissolved IS NULL);
END;

CREATE TRIGGER unit_tally_member_upd AFTER UPDATE OF team_id, left_on ON member
BEGIN
  UPDATE unit_tally SET members = members - 1
  WHERE old.left_on IS NULL
    AND unit_id = (SELECT unit_id FROM team WHERE id = old.team_id AND dissolved IS NULL);
  UPDATE unit_tally SET members = members + 1
  WHERE new.left_on IS NULL
    AND unit_id = (SELECT unit_id FROM team WHERE id = new.team_id AND dissolved IS NULL);
END;

CREATE TRIGGER unit_tally_member_del AFTER DELETE ON member WHEN old.left_on IS NULL
BEGIN
  UPDATE unit_tally SET members = members - 1
  WHERE unit_id = (SELECT unit_id FROM team WHERE id = old.team_id AND dissolved IS NULL);
END;

-- The member list's sort orders (src/core/browse.c), so that sorting a big
-- team reads a screenful through an index instead of sorting every member
-- at each key. left_on, last, lets the list's filter "not left" and the
-- count of the rows before a member (keeping the cursor on it after a sort)
-- run on the index alone, without reading each member's row; the row id,
-- the last key of each order, is in every index (named in the expression
-- indexes, or the planner sorts by it). member_team gets left_on
-- too, for the order by role.
DROP INDEX member_team;
CREATE INDEX member_team ON member(team_id, role, search_key, id, left_on);
CREATE INDEX member_by_name ON member(team_id, search_key, left_on);
CREATE INDEX member_by_position ON member(team_id, position IS NULL, coalesce(position, ''), search_key, id, left_on);
CREATE INDEX member_by_phone ON member(team_id, phone IS NULL, coalesce(phone, ''), id, left_on);
CREATE INDEX member_by_joined ON member(team_id, joined IS NULL, coalesce(joined, ''), search_key, id, left_on);

-- Each team's active and all members, kept by triggers: the team list
-- shows the first, the member list counts its rows with one or the other
-- (src/core/browse.c), instead of counting a big team's members at each
-- opening. A team gets a row with its first member.
CREATE TABLE team_tally (
  team_id  INTEGER PRIMARY KEY REFERENCES team(id) ON DELETE CASCADE,
  active   INTEGER NOT NULL DEFAULT 0,
  total    INTEGER NOT NULL DEFAULT 0
);
INSERT INTO team_tally(team_id, active, total)
SELECT team_id, count(*) FILTER (WHERE left_on IS NULL), count(*) FROM member GROUP BY team_id;

CREATE TRIGGER team_tally_member_ins AFTER INSERT ON member
BEGIN
  INSERT INTO team_tally(team_id, active, total) VALUES (new.team_id, new.left_on IS NULL, 1)
  ON CONFLICT(team_id) DO UPDATE SET active = active + excluded.active, total = total + 1;
END;

CREATE TRIGGER team_tally_member_upd AFTER UPDATE OF team_id, left_on ON member
BEGIN
  UPDATE team_tally SET active = active - (old.left_on IS NULL), total = total - 1 WHERE team_id = old.team_id;
  INSERT INTO team_tally(team_id, active, total) VALUES (new.team_id, new.left_on IS NULL, 1)
  ON CONFLICT(team_id) DO UPDATE SET active = active + excluded.active, total = total + 1;
END;

CREATE TRIGGER team_tally_member_del AFTER DELETE ON member
BEGIN
  UPDATE team_tally SET active = active - (old.left_on IS NULL), total = total - 1 WHERE team_id = old.team_id;
END;
