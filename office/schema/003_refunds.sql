-- Office schema v3: line refunds (kiosk journal records of kind 'refund').
--
-- A refund's lines go into `report_lines` with sign -1 on the refund's date
-- (keyed by the refund's seq and the sale's line number), with the market
-- price, charged price and subsidy of the sale line they reverse, so the
-- subsidy and partner reports shrink by exactly what the kiosk's Z does.
-- `refunded_lines` says which line of which sale a refund took back, so a void
-- that follows reverses only the lines still standing ("a void refunds whatever
-- remains", as on the kiosk).

CREATE TABLE refunded_lines (
    device_id    TEXT    NOT NULL,
    db_epoch     TEXT    NOT NULL,
    original_seq INTEGER NOT NULL,
    line_no      INTEGER NOT NULL,
    refund_seq   INTEGER NOT NULL,
    PRIMARY KEY (device_id, db_epoch, original_seq, line_no),
    FOREIGN KEY (device_id, db_epoch, refund_seq) REFERENCES records (device_id, db_epoch, seq)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER refunded_lines_no_update BEFORE UPDATE ON refunded_lines BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER refunded_lines_no_delete BEFORE DELETE ON refunded_lines BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
