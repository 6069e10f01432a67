-- Schema v9: `sale_entries` keyed by one integer, so a sale appends to it.
--
-- Since v7 a sale's lines and payments share the WITHOUT ROWID table
-- `sale_entries`, clustered on `(seq, kind, n)`. A WITHOUT ROWID table is an
-- index B-tree: when its last leaf fills, SQLite rebalances it with its
-- siblings (several pages rewritten, leaves left part-full), so the table
-- cost ~1.66 WAL pages per sale although every sale only appends at its end.
-- A rowid table whose new key is larger than every key in it takes SQLite's
-- append path instead (the full leaf is left as it is, one new leaf is
-- started), ~1 page per sale.
--
-- So the key becomes one INTEGER PRIMARY KEY (the rowid) that encodes the old
-- key and sorts the same way:
--
--     id = seq * 1024 + kind_bit * 512 + n     (kind_bit: 0 line, 1 payment)
--
-- `n` (the line's or payment's number within the sale) is 0 to 511: a sale has
-- at most 512 lines and 512 payments (the ledger refuses a larger sale before
-- writing anything; a kiosk cart or a counter order is a few lines, one
-- payment). `seq`, `kind` and `n` stay as VIRTUAL generated columns computed
-- from `id` — stored nowhere, readable everywhere, as before — so the CHECKs of
-- v7 (which columns belong to which kind) and the foreign key to
-- `journal (seq)` still hold. The rows of one sale are the id range
-- `seq * 1024 .. seq * 1024 + 1023` (lines in the lower half, payments in the
-- upper): the ledger looks a sale's rows up by that range, a rowid range
-- search, with no index to write.
--
-- The views `sale_lines` and `payments` keep their names and columns. Rows are
-- copied as they are (same seq, kind, n and values); nothing the chain hashes
-- changes.
--
-- `quota_uses` referenced `sale_entries (seq, kind, n)`, which is no longer a
-- key: it is rebuilt (same columns, key and rows) with a virtual generated
-- `entry_id = seq * 1024 + line_no` (a line: kind bit 0) that references
-- `sale_entries (id)`, and `line_no` limited to 0–511 so it cannot name a
-- payment: a quota row still needs its sale line.
--
-- A v8 database with a line or payment number outside 0–511 (not written by
-- this ledger) is refused and left as it was (the CHECK below fails). Runs
-- with foreign keys off and `foreign_key_check` before the commit (see
-- `migrate.rs`); a file with a broken reference is refused likewise.

CREATE TEMP TABLE v9_entries_fit (entries_numbered_beyond_511 INTEGER NOT NULL CHECK (entries_numbered_beyond_511 = 0));
INSERT INTO v9_entries_fit SELECT count(*) FROM sale_entries WHERE n NOT BETWEEN 0 AND 511;
DROP TABLE temp.v9_entries_fit;

CREATE TABLE sale_entries_v9 (
    id           INTEGER PRIMARY KEY CHECK (id >= 1024),   -- seq * 1024 + kind_bit * 512 + n
    seq          INTEGER NOT NULL GENERATED ALWAYS AS (id >> 10) VIRTUAL REFERENCES journal (seq),
    kind         TEXT    NOT NULL GENERATED ALWAYS AS (CASE id & 512 WHEN 0 THEN 'line' ELSE 'payment' END) VIRTUAL,
    n            INTEGER NOT NULL GENERATED ALWAYS AS (id & 511) VIRTUAL,
    -- kind = 'line'
    item         TEXT,
    period       TEXT,
    tier         TEXT,
    categories   TEXT,                -- category ids joined by ','
    market_fen   INTEGER,
    charged_fen  INTEGER,
    subsidy_fen  INTEGER,
    uses_quota   INTEGER CHECK (uses_quota IN (0, 1)),
    reason_zh    TEXT,
    reason_en    TEXT,
    -- kind = 'payment'
    method       TEXT,
    amount_fen   INTEGER,
    tendered_fen INTEGER,
    change_fen   INTEGER,
    card_no      TEXT,
    reference    TEXT,
    CHECK (CASE kind
        WHEN 'line' THEN
                item IS NOT NULL AND categories IS NOT NULL AND market_fen IS NOT NULL
            AND charged_fen IS NOT NULL AND subsidy_fen IS NOT NULL AND uses_quota IS NOT NULL
            AND reason_zh IS NOT NULL AND reason_en IS NOT NULL
            AND method IS NULL AND amount_fen IS NULL AND tendered_fen IS NULL
            AND change_fen IS NULL AND card_no IS NULL AND reference IS NULL
        ELSE
                method IS NOT NULL AND amount_fen IS NOT NULL
            AND item IS NULL AND period IS NULL AND tier IS NULL AND categories IS NULL
            AND market_fen IS NULL AND charged_fen IS NULL AND subsidy_fen IS NULL
            AND uses_quota IS NULL AND reason_zh IS NULL AND reason_en IS NULL
    END)
) STRICT;

INSERT INTO sale_entries_v9 (id, item, period, tier, categories, market_fen, charged_fen, subsidy_fen, uses_quota,
                             reason_zh, reason_en, method, amount_fen, tendered_fen, change_fen, card_no, reference)
    SELECT seq * 1024 + CASE kind WHEN 'line' THEN 0 ELSE 512 END + n,
           item, period, tier, categories, market_fen, charged_fen, subsidy_fen, uses_quota,
           reason_zh, reason_en, method, amount_fen, tendered_fen, change_fen, card_no, reference
    FROM sale_entries ORDER BY seq, kind, n;

CREATE TABLE quota_uses_v9 (
    resident_key TEXT    NOT NULL,
    local_date   TEXT    NOT NULL,
    period       TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    line_no      INTEGER NOT NULL CHECK (line_no BETWEEN 0 AND 511),
    entry_id     INTEGER NOT NULL GENERATED ALWAYS AS (seq * 1024 + line_no) VIRTUAL REFERENCES sale_entries (id),
    PRIMARY KEY (resident_key, local_date, period, seq, line_no)
) STRICT, WITHOUT ROWID;
INSERT INTO quota_uses_v9 (resident_key, local_date, period, seq, line_no)
    SELECT resident_key, local_date, period, seq, line_no
    FROM quota_uses ORDER BY resident_key, local_date, period, seq, line_no;

DROP VIEW sale_lines;
DROP VIEW payments;
DROP TABLE quota_uses;    -- and its triggers
DROP TABLE sale_entries;  -- and its triggers
ALTER TABLE sale_entries_v9 RENAME TO sale_entries;
ALTER TABLE quota_uses_v9 RENAME TO quota_uses;

CREATE VIEW sale_lines (seq, line_no, item, period, tier, categories, market_fen, charged_fen, subsidy_fen,
                        uses_quota, reason_zh, reason_en) AS
    SELECT seq, n, item, period, tier, categories, market_fen, charged_fen, subsidy_fen,
           uses_quota, reason_zh, reason_en
    FROM sale_entries WHERE kind = 'line';
CREATE VIEW payments (seq, pay_no, method, amount_fen, tendered_fen, change_fen, card_no, reference) AS
    SELECT seq, n, method, amount_fen, tendered_fen, change_fen, card_no, reference
    FROM sale_entries WHERE kind = 'payment';

CREATE TRIGGER sale_entries_no_update BEFORE UPDATE ON sale_entries BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER sale_entries_no_delete BEFORE DELETE ON sale_entries BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER quota_uses_no_update BEFORE UPDATE ON quota_uses BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER quota_uses_no_delete BEFORE DELETE ON quota_uses BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;

-- A meal card's balance (see `cards.rs`) sums that card's payments, which
-- without an index meant reading every sale's rows. The index is partial: it
-- holds only rows with a card number (card payments), so a sale paid in cash,
-- by mobile or free writes nothing to it.
CREATE INDEX sale_entries_by_card ON sale_entries (card_no) WHERE card_no IS NOT NULL;
