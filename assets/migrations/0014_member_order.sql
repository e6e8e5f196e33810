-- Lists of people in the order of Vietnamese lists: by given name (the last
-- word), then family and middle names, in the Vietnamese alphabet, tones
-- after the letters (src/core/collate.c). name_order is the key cnscd
-- computes from full_name, as it computes search_key, compared byte by
-- byte so that a list of any size pages through an index. A member written
-- by another SQLite tool keeps '' until cnscd saves it again.
ALTER TABLE member ADD COLUMN name_order TEXT NOT NULL DEFAULT '';
UPDATE member SET name_order = vi_key(full_name);
DROP INDEX IF EXISTS member_team;
CREATE INDEX member_team ON member(team_id, role, name_order, id, left_on);
DROP INDEX IF EXISTS member_by_name;
CREATE INDEX member_by_name ON member(team_id, name_order, left_on);
DROP INDEX IF EXISTS member_by_position;
CREATE INDEX member_by_position ON member(team_id, position IS NULL, coalesce(position, ''), name_order, id, left_on);
DROP INDEX IF EXISTS member_by_joined;
CREATE INDEX member_by_joined ON member(team_id, joined IS NULL, coalesce(joined, ''), name_order, id, left_on);
