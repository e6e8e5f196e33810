-- Check-in undoes the changes of one session's attendance, newest first,
-- also after the screen was left (the audit log holds them). A change of
-- an existing row names its session in its old values: this index finds
-- them without reading the log of every other table and session. (New
-- rows are found through the session's rows and audit_row.)
-- The session is read out of the JSON with substr and instr rather than
-- json_extract: a restore file and a backup's copy are checked on a
-- connection that trusts no schema (untrusted_db.c), where an index may
-- only use functions SQLite calls innocuous, and json_extract is not one.
-- old_values is json_object's compact text ({"id":7,"training_id":3,…}),
-- where a quote inside a value is escaped, so the first "training_id": is
-- the key. The expression is CN_SQL_OLD_TRAINING of attendance_undo.c.
CREATE INDEX IF NOT EXISTS audit_attendance_training
  ON audit(CAST(substr(old_values, instr(old_values, '"training_id":') + 14) AS INTEGER), id)
  WHERE tbl = 'attendance';
