-- Schema v1: the journal and its typed detail rows.
--
-- One chain over `journal` (gap-free `seq`, `prev_hash`, `hash`, format version
-- per row). The details that reports read live in typed tables keyed by the
-- journal `seq`; the verifier rebuilds each record's canonical bytes from these
-- rows, so editing a reported column breaks the chain. Every journal table
-- refuses UPDATE and DELETE; corrections are new records (voids).
--
-- Few indexes on purpose: every index is one more page written and synced per
-- sale. Reports scan a day's rows; the quota has its own keyed table.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE journal (
    seq            INTEGER PRIMARY KEY CHECK (seq >= 1),
    kind           TEXT    NOT NULL,
    device_id      TEXT    NOT NULL,
    db_epoch       TEXT    NOT NULL,
    at             TEXT    NOT NULL,  -- RFC 3339 with offset; never used for ordering
    local_date     TEXT    NOT NULL,  -- YYYY-MM-DD in the canteen's timezone
    clock_suspect  INTEGER NOT NULL CHECK (clock_suspect IN (0, 1)),
    format_version INTEGER NOT NULL,
    prev_hash      BLOB    NOT NULL CHECK (length(prev_hash) = 32),
    hash           BLOB    NOT NULL CHECK (length(hash) = 32)
) STRICT;

CREATE TABLE sales (
    seq          INTEGER PRIMARY KEY REFERENCES journal (seq),
    resident_key TEXT,                -- HMAC-SHA256 of the normalised ID (hex); never the ID
    masked_id    TEXT,
    CHECK ((resident_key IS NULL) = (masked_id IS NULL))
) STRICT;

CREATE TABLE sale_lines (
    seq         INTEGER NOT NULL REFERENCES sales (seq),
    line_no     INTEGER NOT NULL,
    item        TEXT    NOT NULL,
    period      TEXT,
    tier        TEXT,
    categories  TEXT    NOT NULL,     -- category ids joined by ','
    market_fen  INTEGER NOT NULL,
    charged_fen INTEGER NOT NULL,
    subsidy_fen INTEGER NOT NULL,
    uses_quota  INTEGER NOT NULL CHECK (uses_quota IN (0, 1)),
    reason_zh   TEXT    NOT NULL,
    reason_en   TEXT    NOT NULL,
    PRIMARY KEY (seq, line_no)
) STRICT;

CREATE TABLE payments (
    seq          INTEGER NOT NULL REFERENCES sales (seq),
    pay_no       INTEGER NOT NULL,
    method       TEXT    NOT NULL,
    amount_fen   INTEGER NOT NULL,
    tendered_fen INTEGER,
    change_fen   INTEGER,
    card_no      TEXT,
    reference    TEXT,
    PRIMARY KEY (seq, pay_no)
) STRICT;

CREATE TABLE voids (
    seq           INTEGER PRIMARY KEY REFERENCES journal (seq),
    original_seq  INTEGER NOT NULL UNIQUE REFERENCES sales (seq),  -- a sale is voided at most once
    original_hash BLOB    NOT NULL,
    reason        TEXT    NOT NULL
) STRICT;

CREATE TABLE closings (
    seq             INTEGER PRIMARY KEY REFERENCES journal (seq),
    date            TEXT    NOT NULL UNIQUE,  -- a date is closed at most once
    first_seq       INTEGER,
    last_seq        INTEGER,
    sale_count      INTEGER NOT NULL,
    void_count      INTEGER NOT NULL,
    gross_fen       INTEGER NOT NULL,
    voided_fen      INTEGER NOT NULL,
    net_fen         INTEGER NOT NULL,
    subsidy_fen     INTEGER NOT NULL,
    grand_total_fen INTEGER NOT NULL,
    head_seq        INTEGER NOT NULL,
    chain_head      BLOB    NOT NULL
) STRICT;

CREATE TABLE closing_totals (
    seq         INTEGER NOT NULL REFERENCES closings (seq),
    row_no      INTEGER NOT NULL,
    dimension   TEXT    NOT NULL,
    key         TEXT    NOT NULL,
    count       INTEGER NOT NULL,
    amount_fen  INTEGER NOT NULL,
    subsidy_fen INTEGER NOT NULL,
    PRIMARY KEY (seq, row_no)
) STRICT;

-- The quota of subsidised meals: one row per sale line that used it, written
-- with the sale. Derived from the lines (the verifier checks they agree); kept
-- as its own table so the quota check is a single-table look-up.
CREATE TABLE quota_uses (
    resident_key TEXT    NOT NULL,
    local_date   TEXT    NOT NULL,
    period       TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    line_no      INTEGER NOT NULL,
    PRIMARY KEY (resident_key, local_date, period, seq, line_no),
    FOREIGN KEY (seq, line_no) REFERENCES sale_lines (seq, line_no)
) STRICT, WITHOUT ROWID;

-- Written in the record's own transaction; the sync client marks rows acknowledged.
CREATE TABLE outbox (
    seq      INTEGER PRIMARY KEY REFERENCES journal (seq),
    acked_at TEXT
) STRICT;

CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER sales_no_update BEFORE UPDATE ON sales BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER sales_no_delete BEFORE DELETE ON sales BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER sale_lines_no_update BEFORE UPDATE ON sale_lines BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER sale_lines_no_delete BEFORE DELETE ON sale_lines BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER voids_no_update BEFORE UPDATE ON voids BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER voids_no_delete BEFORE DELETE ON voids BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER closings_no_update BEFORE UPDATE ON closings BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER closings_no_delete BEFORE DELETE ON closings BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER closing_totals_no_update BEFORE UPDATE ON closing_totals BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER closing_totals_no_delete BEFORE DELETE ON closing_totals BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER quota_uses_no_update BEFORE UPDATE ON quota_uses BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER quota_uses_no_delete BEFORE DELETE ON quota_uses BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox BEGIN SELECT RAISE(ABORT, 'outbox rows are kept'); END;
CREATE TRIGGER outbox_keep_seq BEFORE UPDATE OF seq ON outbox BEGIN SELECT RAISE(ABORT, 'outbox rows are kept'); END;
