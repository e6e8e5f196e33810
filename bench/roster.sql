-- The national roster's rows for the export comparisons (bench/README.md):
-- active members of active teams in open units, with the names of the
-- province, district, commune and village above them, one row per member,
-- read by bench/roster_xlsxwriter.py and bench/raw_xlsx.c alike.
SELECT t.id, t.name,
  coalesce(CASE WHEN gg.level = 1 THEN gg.name END, CASE WHEN g.level = 1 THEN g.name END,
           CASE WHEN p.level = 1 THEN p.name END, CASE WHEN u.level = 1 THEN u.name END, ''),
  coalesce(CASE WHEN g.level = 2 THEN g.name END, CASE WHEN p.level = 2 THEN p.name END,
           CASE WHEN u.level = 2 THEN u.name END, ''),
  coalesce(CASE WHEN p.level = 3 THEN p.name END, CASE WHEN u.level = 3 THEN u.name END, ''),
  coalesce(CASE WHEN u.level = 4 THEN u.name END, ''),
  m.full_name, m.gender, m.birth_year, m.role, coalesce(m.position, ''), coalesce(m.phone, ''),
  coalesce(m.id_number, ''), coalesce(m.joined, '')
FROM team t
JOIN unit u ON u.id = t.unit_id AND u.valid_to IS NULL
LEFT JOIN unit p ON p.id = u.parent_id
LEFT JOIN unit g ON g.id = p.parent_id
LEFT JOIN unit gg ON gg.id = g.parent_id
JOIN member m ON m.team_id = t.id AND m.left_on IS NULL
WHERE t.dissolved IS NULL
ORDER BY u.path, t.id, m.role, m.search_key
