-- Search by the last digits of a phone number (4 or more) or of a citizen
-- ID (6 or more), as people read them out: each an index of the last
-- digits, so that the rest of the number is checked on a few rows only.
CREATE INDEX IF NOT EXISTS member_phone_tail ON member(substr(phone, -4)) WHERE phone IS NOT NULL;
CREATE INDEX IF NOT EXISTS member_id_tail ON member(substr(id_number, -6)) WHERE id_number IS NOT NULL;
