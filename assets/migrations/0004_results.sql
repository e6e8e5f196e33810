-- Activity results: the indicator catalogue, targets, and monthly reports
-- per team with a value per indicator (optionally split by member).

CREATE TABLE indicator (
  id          INTEGER PRIMARY KEY,
  uuid        TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL CHECK (length(name) > 0),
  measure     TEXT NOT NULL DEFAULT '',
  sort_order  INTEGER NOT NULL DEFAULT 1000,
  active      INTEGER NOT NULL DEFAULT 1,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
-- No national list is official: these are defaults the user may change.
INSERT INTO indicator(code, name, measure, sort_order) VALUES
  ('HO_HUONG_DAN', 'Hộ gia đình được hướng dẫn', 'hộ', 10),
  ('NGUOI_HUONG_DAN', 'Người dân được hướng dẫn kỹ năng số', 'người', 20),
  ('VNEID_MUC2', 'Tài khoản định danh điện tử VNeID mức 2 được kích hoạt', 'tài khoản', 30),
  ('VSSID', 'Người dân được hỗ trợ cài đặt VssID', 'người', 40),
  ('TT_DIEN_TU', 'Tài khoản thanh toán điện tử / Mobile Money được mở', 'tài khoản', 50),
  ('CUA_HANG_SO', 'Cửa hàng số / hộ kinh doanh lên sàn thương mại điện tử', 'cửa hàng', 60),
  ('DVC_TRUC_TUYEN', 'Hồ sơ dịch vụ công trực tuyến được hỗ trợ nộp', 'hồ sơ', 70),
  ('SO_SUC_KHOE', 'Người dân được hỗ trợ sổ sức khỏe điện tử', 'người', 80),
  ('TUYEN_TRUYEN', 'Buổi tuyên truyền được tổ chức', 'buổi', 90),
  ('HO_SMARTPHONE', 'Hộ gia đình có điện thoại thông minh', 'hộ', 100),
  ('BDHVS', 'Người dân được xác nhận hoàn thành "Bình dân học vụ số" trên VNeID', 'người', 110);

-- A unit's target (chỉ tiêu) for an indicator over a period of months.
CREATE TABLE target (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  unit_id      INTEGER NOT NULL REFERENCES unit(id),
  indicator_id INTEGER NOT NULL REFERENCES indicator(id),
  period_from  TEXT NOT NULL,
  period_to    TEXT NOT NULL CHECK (period_to >= period_from),
  value        INTEGER NOT NULL CHECK (value >= 0),
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (unit_id, indicator_id, period_from, period_to)
);

-- One report per team and month (period 'YYYY-MM').
-- status: 0 draft, 1 submitted.
CREATE TABLE report (
  id            INTEGER PRIMARY KEY,
  uuid          TEXT NOT NULL UNIQUE DEFAULT (lower(hex(randomblob(16)))),
  team_id       INTEGER NOT NULL REFERENCES team(id) ON DELETE CASCADE,
  period        TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
  status        INTEGER NOT NULL DEFAULT 0 CHECK (status IN (0, 1)),
  submitted_at  TEXT,
  submitted_by  TEXT,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (team_id, period)
);
CREATE INDEX report_period ON report(period, status);

-- A value of a report; member_id NULL is the team's own figure. When a
-- report splits an indicator by member, the team's figure is their sum.
-- A value belongs to its report: it is identified by (report, indicator,
-- member) and every change bumps the report's updated_at, so it needs no
-- uuid or timestamps of its own (there are millions of these rows).
CREATE TABLE result (
  id           INTEGER PRIMARY KEY,
  report_id    INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
  indicator_id INTEGER NOT NULL REFERENCES indicator(id),
  member_id    INTEGER REFERENCES member(id) ON DELETE CASCADE,
  value        INTEGER NOT NULL CHECK (value >= 0)
);
CREATE UNIQUE INDEX result_key ON result(report_id, indicator_id, coalesce(member_id, 0));

-- Submissions and reopenings, kept for the record.
CREATE TABLE report_log (
  id         INTEGER PRIMARY KEY,
  report_id  INTEGER NOT NULL REFERENCES report(id) ON DELETE CASCADE,
  action     TEXT NOT NULL CHECK (action IN ('submit', 'reopen')),
  at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  by         TEXT,
  note       TEXT
);
