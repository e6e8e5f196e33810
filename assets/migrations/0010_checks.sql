-- A CHECK of a list of three or more values, "x IN (a, b, c)", makes
-- SQLite build a temporary b-tree of the list for every row written: an
-- audited change paid for one in the audit trigger (a tenth of the
-- generator's instructions with the memory it zeroes), a new member for
-- three. The same rule as comparisons costs nothing. A CHECK is text in the
-- schema, not in the rows, so it is rewritten in place (as SQLite's
-- documentation of ALTER TABLE allows for changes that leave the stored
-- content valid); databases made since carry the new text already
-- (0001-0003), for which these replacements find nothing.
PRAGMA writable_schema = ON;
UPDATE sqlite_master SET sql = replace(sql, 'CHECK (action IN (''insert'', ''update'', ''delete''))',
  'CHECK (action = ''insert'' OR action = ''update'' OR action = ''delete'')')
  WHERE type = 'table' AND name = 'audit';
UPDATE sqlite_master SET sql = replace(replace(sql, 'CHECK (gender IN (0, 1, 2))',
  'CHECK (gender = 0 OR gender = 1 OR gender = 2)'), 'CHECK (role IN (1, 2, 3))',
  'CHECK (role = 1 OR role = 2 OR role = 3)')
  WHERE type = 'table' AND name = 'member';
UPDATE sqlite_master SET sql = replace(sql, 'CHECK (format IN (1, 2, 3))',
  'CHECK (format = 1 OR format = 2 OR format = 3)')
  WHERE type = 'table' AND name = 'training';
UPDATE sqlite_master SET sql = replace(sql, 'CHECK (status IN (0, 1, 2, 3))',
  'CHECK (status = 0 OR status = 1 OR status = 2 OR status = 3)')
  WHERE type = 'table' AND name = 'attendance';
PRAGMA writable_schema = OFF;
-- The connection still holds the schema as it was read: read it again, or
-- a later migration's ALTER TABLE works on the old text (an added column
-- lands at the old text's end and breaks the table's definition).
PRAGMA writable_schema = RESET;
