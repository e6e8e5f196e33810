-- Check-in undoes the changes of one session's attendance, newest first,
-- also after the screen was left (the audit log holds them). A change of
-- an existing row names its session in its old values: this index finds
-- them without reading the log of every other table and session. (New
-- rows are found through the session's rows and audit_row.)
CREATE INDEX IF NOT EXISTS audit_attendance_training ON audit(json_extract(old_values, '$.training_id'), id)
  WHERE tbl = 'attendance';
