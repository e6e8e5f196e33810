-- Two indexes of members that others already answer, dropped: every
-- member written paid for both, and a members import made them again
-- (0.34 s of 7.5 s for 300,000 members, issue 17).
-- member_active_team (team_id) WHERE left_on IS NULL: member_stats (team_id,
-- left_on, ...) counts a team's active members from the index alone.
DROP INDEX IF EXISTS member_active_team;
-- member_active_id_number (id_number) WHERE ... left_on IS NULL:
-- member_id_number finds the holders of a CCCD (one or a few rows), whose
-- left_on is then read from each.
DROP INDEX IF EXISTS member_active_id_number;
