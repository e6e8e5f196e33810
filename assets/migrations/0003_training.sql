-- Training sessions (lớp tập huấn) and attendance.

-- The topic catalogue; users may add topics (matched by folded name).
CREATE TABLE topic (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  name        TEXT NOT NULL,
  search_key  TEXT NOT NULL UNIQUE,
  sort_order  INTEGER NOT NULL DEFAULT 1000,
  active      INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO topic(name, search_key, sort_order) VALUES
  ('Dịch vụ công trực tuyến', 'dich vu cong truc tuyen', 10),
  ('Định danh điện tử VNeID', 'dinh danh dien tu vneid', 20),
  ('Thanh toán không dùng tiền mặt', 'thanh toan khong dung tien mat', 30),
  ('Thương mại điện tử', 'thuong mai dien tu', 40),
  ('An toàn thông tin và bảo vệ dữ liệu cá nhân', 'an toan thong tin va bao ve du lieu ca nhan', 50),
  ('Kỹ năng số cơ bản', 'ky nang so co ban', 60),
  ('Nền tảng số của tỉnh', 'nen tang so cua tinh', 70),
  ('Bảo hiểm xã hội số VssID', 'bao hiem xa hoi so vssid', 80),
  ('Sổ sức khỏe điện tử', 'so suc khoe dien tu', 90),
  ('Bình dân học vụ số', 'binh dan hoc vu so', 100);

CREATE TABLE training (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  unit_id     INTEGER NOT NULL REFERENCES unit(id),
  title       TEXT NOT NULL CHECK (length(title) > 0),
  start_date  TEXT NOT NULL,
  end_date    TEXT,
  format      INTEGER NOT NULL DEFAULT 1 CHECK (format = 1 OR format = 2 OR format = 3),
  location    TEXT,
  organiser   TEXT,
  trainers    TEXT,
  planned     INTEGER CHECK (planned IS NULL OR planned >= 0),
  note        TEXT,
  search_key  TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX training_unit ON training(unit_id, start_date);
CREATE INDEX training_date ON training(start_date);

CREATE TABLE training_topic (
  training_id INTEGER NOT NULL REFERENCES training(id) ON DELETE CASCADE,
  topic_id    INTEGER NOT NULL REFERENCES topic(id),
  PRIMARY KEY (training_id, topic_id)
) WITHOUT ROWID;

-- A participant is a team member or an outside person (guest_*).
-- status: 0 invited (expected), 1 present, 2 absent, 3 excused.
CREATE TABLE attendance (
  id             INTEGER PRIMARY KEY,
  uuid           TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  training_id    INTEGER NOT NULL REFERENCES training(id) ON DELETE CASCADE,
  member_id      INTEGER REFERENCES member(id) ON DELETE CASCADE,
  guest_name     TEXT,
  guest_position TEXT,
  guest_unit     TEXT,
  guest_phone    TEXT,
  status         INTEGER NOT NULL DEFAULT 0 CHECK (status = 0 OR status = 1 OR status = 2 OR status = 3),
  checked_in_at  TEXT,
  search_key     TEXT NOT NULL DEFAULT '',
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (member_id IS NOT NULL OR guest_name IS NOT NULL)
);
CREATE UNIQUE INDEX attendance_member ON attendance(training_id, member_id) WHERE member_id IS NOT NULL;
CREATE INDEX attendance_training ON attendance(training_id, status);
CREATE INDEX attendance_of_member ON attendance(member_id) WHERE member_id IS NOT NULL;
