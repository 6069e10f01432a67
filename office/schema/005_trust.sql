-- Schema v5: the office re-derives every sale.
--
-- `quarantine` lists the sales that did not re-derive (arithmetic, bounds,
-- price against the rules of the bundle the device held, time): the record
-- itself stays in `records` (append-only, nothing lost), but it has no
-- `report_lines`, so no claim or partner statement counts it.
CREATE TABLE quarantine (
    device_id   TEXT    NOT NULL,
    db_epoch    TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    code        TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    at          TEXT    NOT NULL,
    PRIMARY KEY (device_id, db_epoch, seq),
    FOREIGN KEY (device_id, db_epoch, seq) REFERENCES records (device_id, db_epoch, seq)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER quarantine_no_update BEFORE UPDATE ON quarantine BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
CREATE TRIGGER quarantine_no_delete BEFORE DELETE ON quarantine BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;

-- The office's own registry, what re-pricing needs of a resident: keyed by the
-- community resident key (never the ID number), their birth date for the age
-- tier, their categories (`;`-separated) and whether they may be served.
CREATE TABLE registry (
    resident_key TEXT PRIMARY KEY,
    birth_date   TEXT,
    categories   TEXT NOT NULL,
    suspended    INTEGER NOT NULL CHECK (suspended IN (0, 1)),
    updated_at   TEXT NOT NULL
) STRICT;
