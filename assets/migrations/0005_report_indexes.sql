-- Indexes for the reports.
-- The active members of a team, for counting them from the index alone
-- (the roster's heading row of each team says how many people follow).
CREATE INDEX member_active_team ON member(team_id) WHERE left_on IS NULL;
