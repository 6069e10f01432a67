-- Schema v7: a sale's lines and payments in one B-tree, `sale_entries`.
--
-- Since v6 a sale wrote three B-trees — its journal row, `sale_lines` and
-- `payments` — each one more page written and synced per commit. The lines
-- and payments of a sale are always written together, read together, and keyed
-- by the same sale `seq`, so they now share one WITHOUT ROWID table clustered
-- on `(seq, kind, n)`: `kind` is 'line' or 'payment', `n` the line's or
-- payment's number within the sale (as `line_no` / `pay_no` were). The columns
-- are the union of both; CHECKs say which belong to which kind (the NOT NULLs
-- of the old tables for its own kind, NULL for the other's). Rows are copied as
-- they are; nothing the chain hashes changes.
--
-- `sale_lines` and `payments` become VIEWs of the same names and columns over
-- it, so reports, the verifier, card balances, shifts and voids read what they
-- read before. Writes go to `sale_entries` (the views are read-only).
--
-- `quota_uses` referenced `sale_lines (seq, line_no)`; a view cannot be a
-- parent key, so it is rebuilt (same columns, key and rows) with a virtual
-- generated `kind` that is always 'line', and references
-- `sale_entries (seq, kind, n)`: a quota row still needs its sale line.
--
-- Runs with foreign keys off and `foreign_key_check` before the commit (see
-- `migrate.rs`); a file with a broken reference is refused and left as it was.

CREATE TABLE sale_entries (
    seq          INTEGER NOT NULL REFERENCES journal (seq),
    kind         TEXT    NOT NULL CHECK (kind IN ('line', 'payment')),
    n            INTEGER NOT NULL,
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
    PRIMARY KEY (seq, kind, n),
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
) STRICT, WITHOUT ROWID;

INSERT INTO sale_entries (seq, kind, n, item, period, tier, categories, market_fen, charged_fen, subsidy_fen,
                          uses_quota, reason_zh, reason_en)
    SELECT seq, 'line', line_no, item, period, tier, categories, market_fen, charged_fen, subsidy_fen,
           uses_quota, reason_zh, reason_en
    FROM sale_lines ORDER BY seq, line_no;
INSERT INTO sale_entries (seq, kind, n, method, amount_fen, tendered_fen, change_fen, card_no, reference)
    SELECT seq, 'payment', pay_no, method, amount_fen, tendered_fen, change_fen, card_no, reference
    FROM payments ORDER BY seq, pay_no;

CREATE TABLE quota_uses_v7 (
    resident_key TEXT    NOT NULL,
    local_date   TEXT    NOT NULL,
    period       TEXT    NOT NULL,
    seq          INTEGER NOT NULL,
    line_no      INTEGER NOT NULL,
    kind         TEXT    NOT NULL GENERATED ALWAYS AS ('line') VIRTUAL,
    PRIMARY KEY (resident_key, local_date, period, seq, line_no),
    FOREIGN KEY (seq, kind, line_no) REFERENCES sale_entries (seq, kind, n)
) STRICT, WITHOUT ROWID;
INSERT INTO quota_uses_v7 (resident_key, local_date, period, seq, line_no)
    SELECT resident_key, local_date, period, seq, line_no
    FROM quota_uses ORDER BY resident_key, local_date, period, seq, line_no;

DROP TABLE quota_uses;  -- and its triggers
DROP TABLE sale_lines;  -- and its triggers
DROP TABLE payments;    -- and its triggers
ALTER TABLE quota_uses_v7 RENAME TO quota_uses;

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
