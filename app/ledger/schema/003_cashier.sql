-- Schema v3: the counter — staff, audit records, shifts and meal-card top-ups.
--
-- `staff` is configuration, not journal: a row is current state (failed PINs in
-- a row, the lock, active), and the PIN only as an argon2 PHC string. Everything
-- staff do at the counter is a journal record with a typed detail row here
-- (`audit`, `shifts`, `card_top_ups`), hashed into the chain like a sale, so an
-- edited row is found by the verifier. Meal-card balances are derived: top-ups
-- minus card payments of sales that were not voided.

CREATE TABLE staff (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE,
    role          TEXT    NOT NULL CHECK (role IN ('cashier', 'supervisor')),
    pin_hash      TEXT    NOT NULL,   -- argon2 PHC string; never the PIN
    failed_in_row INTEGER NOT NULL DEFAULT 0,
    locked_until  TEXT,               -- RFC 3339
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT    NOT NULL
) STRICT;

CREATE TABLE audit (
    seq         INTEGER PRIMARY KEY REFERENCES journal (seq),
    staff_id    INTEGER,              -- NULL when no known staff member was named
    action      TEXT    NOT NULL,
    detail      TEXT    NOT NULL,     -- masked data only
    related_seq INTEGER
) STRICT;

CREATE TABLE shifts (
    seq           INTEGER PRIMARY KEY REFERENCES journal (seq),
    event         TEXT    NOT NULL CHECK (event IN ('open', 'close')),
    staff_id      INTEGER NOT NULL,
    float_fen     INTEGER,            -- open
    open_seq      INTEGER UNIQUE,     -- close: the opening it closes (once)
    expected_fen  INTEGER,            -- close
    counted_fen   INTEGER,            -- close
    supervisor_id INTEGER,            -- close, when the difference needed one
    CHECK ((event = 'open') = (float_fen IS NOT NULL)),
    CHECK ((event = 'close') = (open_seq IS NOT NULL AND expected_fen IS NOT NULL AND counted_fen IS NOT NULL))
) STRICT;

CREATE TABLE card_top_ups (
    seq        INTEGER PRIMARY KEY REFERENCES journal (seq),
    card_no    TEXT    NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    staff_id   INTEGER NOT NULL
) STRICT;
CREATE INDEX card_top_ups_by_card ON card_top_ups (card_no);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER shifts_no_update BEFORE UPDATE ON shifts BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER card_top_ups_no_update BEFORE UPDATE ON card_top_ups BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER card_top_ups_no_delete BEFORE DELETE ON card_top_ups BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
