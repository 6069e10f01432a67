-- Schema v4: fewer B-trees written per sale.
--
-- A rowid table with a composite PRIMARY KEY is two B-trees — the rows, and the
-- automatic index that enforces the key — so each sale wrote two pages for its
-- lines and two for its payments, each one more WAL frame to write and sync.
-- `sale_lines` and `payments` become WITHOUT ROWID tables clustered on that
-- same key: the same columns in the same order, the same constraints, one
-- B-tree each. The rows are copied as they are; nothing the chain hashes
-- changes. `quota_uses` keeps its foreign key to `sale_lines (seq, line_no)`,
-- which now names the new table's primary key.
--
-- The rebuild drops and renames tables, so it runs with foreign keys switched
-- off and `PRAGMA foreign_key_check` before the commit (see `migrate.rs`), as
-- SQLite's documented table-rebuild procedure requires.

CREATE TABLE sale_lines_v4 (
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
) STRICT, WITHOUT ROWID;
INSERT INTO sale_lines_v4 (seq, line_no, item, period, tier, categories, market_fen, charged_fen, subsidy_fen,
                           uses_quota, reason_zh, reason_en)
    SELECT seq, line_no, item, period, tier, categories, market_fen, charged_fen, subsidy_fen,
           uses_quota, reason_zh, reason_en
    FROM sale_lines ORDER BY seq, line_no;
DROP TABLE sale_lines;  -- and its triggers
ALTER TABLE sale_lines_v4 RENAME TO sale_lines;

CREATE TABLE payments_v4 (
    seq          INTEGER NOT NULL REFERENCES sales (seq),
    pay_no       INTEGER NOT NULL,
    method       TEXT    NOT NULL,
    amount_fen   INTEGER NOT NULL,
    tendered_fen INTEGER,
    change_fen   INTEGER,
    card_no      TEXT,
    reference    TEXT,
    PRIMARY KEY (seq, pay_no)
) STRICT, WITHOUT ROWID;
INSERT INTO payments_v4 (seq, pay_no, method, amount_fen, tendered_fen, change_fen, card_no, reference)
    SELECT seq, pay_no, method, amount_fen, tendered_fen, change_fen, card_no, reference
    FROM payments ORDER BY seq, pay_no;
DROP TABLE payments;  -- and its triggers
ALTER TABLE payments_v4 RENAME TO payments;

CREATE TRIGGER sale_lines_no_update BEFORE UPDATE ON sale_lines BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER sale_lines_no_delete BEFORE DELETE ON sale_lines BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
