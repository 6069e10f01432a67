-- Office schema v1: registered devices, every record they sent, the lines the
-- reports read, and the alerts raised while receiving.
--
-- `records` holds each journal record keyed (device_id, db_epoch, seq) with its
-- chain fields and canonical bytes, so the whole chain can be re-verified at any
-- time. A device's records form one contiguous run per database epoch: nothing
-- is stored above a gap, so the highest seq is the high-water mark.

CREATE TABLE devices (
    device_id    TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    canteen      TEXT NOT NULL,
    operator     TEXT NOT NULL,
    token_sha256 BLOB NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
    created_at   TEXT NOT NULL
) STRICT;

CREATE TABLE records (
    device_id      TEXT    NOT NULL REFERENCES devices (device_id),
    db_epoch       TEXT    NOT NULL,
    seq            INTEGER NOT NULL CHECK (seq >= 1),
    kind           TEXT    NOT NULL,
    local_date     TEXT    NOT NULL,
    format_version INTEGER NOT NULL,
    prev_hash      BLOB    NOT NULL CHECK (length(prev_hash) = 32),
    hash           BLOB    NOT NULL CHECK (length(hash) = 32),
    canonical      BLOB    NOT NULL,
    received_at    TEXT    NOT NULL,
    PRIMARY KEY (device_id, db_epoch, seq)
) STRICT, WITHOUT ROWID;

-- One row per sale line (sign 1), and per line of a voided sale on the void's
-- date (sign -1), so every report sums to the kiosk's Z net.
CREATE TABLE report_lines (
    device_id    TEXT    NOT NULL,
    db_epoch     TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    line_no      INTEGER NOT NULL,
    sign         INTEGER NOT NULL CHECK (sign IN (1, -1)),
    local_date   TEXT    NOT NULL,
    period       TEXT    NOT NULL,
    tier         TEXT    NOT NULL,
    category     TEXT    NOT NULL,
    item         TEXT    NOT NULL,
    market_fen   INTEGER NOT NULL,
    charged_fen  INTEGER NOT NULL,
    subsidy_fen  INTEGER NOT NULL,
    resident_key TEXT,
    masked_id    TEXT,
    PRIMARY KEY (device_id, db_epoch, seq, line_no),
    FOREIGN KEY (device_id, db_epoch, seq) REFERENCES records (device_id, db_epoch, seq)
) STRICT;
CREATE INDEX report_lines_by_date ON report_lines (local_date);

CREATE TABLE alerts (
    id            INTEGER PRIMARY KEY,
    device_id     TEXT    NOT NULL,
    db_epoch      TEXT    NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('conflict', 'chain_break')),
    first_bad_seq INTEGER NOT NULL,
    detail        TEXT    NOT NULL,
    at            TEXT    NOT NULL,
    UNIQUE (device_id, db_epoch, kind, first_bad_seq)
) STRICT;

CREATE TRIGGER records_no_update BEFORE UPDATE ON records BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER records_no_delete BEFORE DELETE ON records BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
