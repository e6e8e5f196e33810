-- How an indicator adds up over the months of a period (across units
-- values always add up):
--   'sum'  cộng dồn: a flow, counted anew each month (households guided);
--   'last' số cuối kỳ: a stock (households with a smartphone, digital shops
--          in operation): the value of the latest month of the period for
--          which the team has a submitted report.
ALTER TABLE indicator ADD COLUMN aggregate TEXT NOT NULL DEFAULT 'sum'
  CHECK (aggregate = 'sum' OR aggregate = 'last');

-- The shipped catalogue's stocks, in databases made before the column.
UPDATE indicator SET aggregate = 'last' WHERE code = 'HO_SMARTPHONE' OR code = 'CUA_HANG_SO';
