-- The office schema on PostgreSQL, part 2 (the twin of SQLite's v14):
-- totals kept as sales arrive, so a month's claim, the dashboard and the
-- anomaly report do not read every line (issue #18).
--
-- `day_totals`: per local date, kiosk, meal period, tier and category, the
-- sums of the report lines the subsidy claim shows (net meals without
-- delivery fees, market, paid, subsidy, delivered meals, delivery fees).
-- `resident_periods`: per local date, meal period and resident with a
-- subsidised line, the first kiosk that counted one and whether another
-- kiosk did too (`shared` = 1); only those can be anomalies.
-- `shared_devices`: for those, every kiosk that counted a subsidised line,
-- so the anomaly report reads their lines by day, kiosk and period.
-- Each batch adds its own lines in its transaction; all three are filled
-- here from the lines already held.

CREATE TABLE day_totals (
    local_date       TEXT   NOT NULL,
    device_id        TEXT   NOT NULL,
    period           TEXT   NOT NULL,
    tier             TEXT   NOT NULL,
    category         TEXT   NOT NULL,
    meals            BIGINT NOT NULL,
    market_fen       BIGINT NOT NULL,
    paid_fen         BIGINT NOT NULL,
    subsidy_fen      BIGINT NOT NULL,
    delivered_meals  BIGINT NOT NULL,
    delivery_fee_fen BIGINT NOT NULL,
    PRIMARY KEY (local_date, device_id, period, tier, category)
);

CREATE TABLE resident_periods (
    local_date   TEXT    NOT NULL,
    period       TEXT   NOT NULL,
    resident_key TEXT    NOT NULL,
    device_id    TEXT   NOT NULL,
    shared       BIGINT NOT NULL CHECK (shared IN (0, 1)),
    PRIMARY KEY (local_date, period, resident_key)
);

CREATE TABLE shared_devices (
    local_date   TEXT   NOT NULL,
    period       TEXT   NOT NULL,
    resident_key TEXT   NOT NULL,
    device_id    TEXT   NOT NULL,
    PRIMARY KEY (local_date, period, resident_key, device_id)
);

INSERT INTO day_totals
SELECT local_date, device_id, period, tier, category,
       sum(CASE WHEN item = 'delivery-fee' THEN 0 ELSE sign END),
       sum(sign * market_fen), sum(sign * charged_fen), sum(sign * subsidy_fen),
       sum(CASE WHEN delivery_route IS NOT NULL AND item <> 'delivery-fee' THEN sign ELSE 0 END),
       sum(CASE WHEN item = 'delivery-fee' THEN sign * charged_fen ELSE 0 END)
FROM report_lines GROUP BY 1, 2, 3, 4, 5;

INSERT INTO resident_periods
SELECT local_date, period, resident_key, min(device_id),
       CASE WHEN count(DISTINCT device_id) > 1 THEN 1 ELSE 0 END
FROM report_lines WHERE subsidy_fen > 0 AND resident_key IS NOT NULL
GROUP BY 1, 2, 3;

INSERT INTO shared_devices
SELECT DISTINCT l.local_date, l.period, l.resident_key, l.device_id
FROM report_lines l JOIN resident_periods c
     ON c.local_date = l.local_date AND c.period = l.period AND c.resident_key = l.resident_key
WHERE c.shared = 1 AND l.subsidy_fen > 0;
