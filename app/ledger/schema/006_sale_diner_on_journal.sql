-- Schema v6: a sale's diner on its journal row; no `sales` table.
--
-- `sales` held one row per sale under the journal row's own `seq` — a 1:1
-- table, so one more B-tree (one more WAL page written and synced) per sale.
-- Its two columns move onto the journal row, NULL for every other kind, and the
-- verifier reads them from there to rebuild the sale's canonical bytes exactly
-- as before: an edited diner still breaks the chain. Lines, payments and voids
-- referenced `sales (seq)`; they are rebuilt to reference `journal (seq)` (same
-- columns, order and constraints; rows copied as they are). Runs with foreign
-- keys off and `foreign_key_check` before the commit (see `migrate.rs`).

-- A sale record without its header, or a header without its sale record, is a
-- damaged journal: refuse to fold it (the CHECK fails, nothing is changed).
CREATE TEMP TABLE v6_headers_match (mismatched INTEGER NOT NULL CHECK (mismatched = 0));
INSERT INTO v6_headers_match SELECT
      (SELECT count(*) FROM sales WHERE seq NOT IN (SELECT seq FROM journal WHERE kind = 'sale'))
    + (SELECT count(*) FROM journal WHERE kind = 'sale' AND seq NOT IN (SELECT seq FROM sales));
DROP TABLE temp.v6_headers_match;

ALTER TABLE journal ADD COLUMN resident_key TEXT;  -- sales: HMAC-SHA256 of the normalised ID (hex); never the ID
ALTER TABLE journal ADD COLUMN masked_id TEXT
    CHECK ((resident_key IS NULL) = (masked_id IS NULL) AND (resident_key IS NULL OR kind = 'sale'));

DROP TRIGGER journal_no_update;
UPDATE journal
   SET (resident_key, masked_id) = (SELECT s.resident_key, s.masked_id FROM sales s WHERE s.seq = journal.seq)
 WHERE kind = 'sale';
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;

CREATE TABLE sale_lines_v6 (
    seq         INTEGER NOT NULL REFERENCES journal (seq),
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
INSERT INTO sale_lines_v6 (seq, line_no, item, period, tier, categories, market_fen, charged_fen, subsidy_fen,
                           uses_quota, reason_zh, reason_en)
    SELECT seq, line_no, item, period, tier, categories, market_fen, charged_fen, subsidy_fen,
           uses_quota, reason_zh, reason_en
    FROM sale_lines ORDER BY seq, line_no;
DROP TABLE sale_lines;  -- and its triggers
ALTER TABLE sale_lines_v6 RENAME TO sale_lines;

CREATE TABLE payments_v6 (
    seq          INTEGER NOT NULL REFERENCES journal (seq),
    pay_no       INTEGER NOT NULL,
    method       TEXT    NOT NULL,
    amount_fen   INTEGER NOT NULL,
    tendered_fen INTEGER,
    change_fen   INTEGER,
    card_no      TEXT,
    reference    TEXT,
    PRIMARY KEY (seq, pay_no)
) STRICT, WITHOUT ROWID;
INSERT INTO payments_v6 (seq, pay_no, method, amount_fen, tendered_fen, change_fen, card_no, reference)
    SELECT seq, pay_no, method, amount_fen, tendered_fen, change_fen, card_no, reference
    FROM payments ORDER BY seq, pay_no;
DROP TABLE payments;  -- and its triggers
ALTER TABLE payments_v6 RENAME TO payments;

CREATE TABLE voids_v6 (
    seq           INTEGER PRIMARY KEY REFERENCES journal (seq),
    original_seq  INTEGER NOT NULL UNIQUE REFERENCES journal (seq),  -- a sale is voided at most once
    original_hash BLOB    NOT NULL,
    reason        TEXT    NOT NULL
) STRICT;
INSERT INTO voids_v6 (seq, original_seq, original_hash, reason)
    SELECT seq, original_seq, original_hash, reason FROM voids ORDER BY seq;
DROP TABLE voids;  -- and its triggers
ALTER TABLE voids_v6 RENAME TO voids;

DROP TABLE sales;  -- and its triggers

CREATE TRIGGER sale_lines_no_update BEFORE UPDATE ON sale_lines BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER sale_lines_no_delete BEFORE DELETE ON sale_lines BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER voids_no_update BEFORE UPDATE ON voids BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER voids_no_delete BEFORE DELETE ON voids BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
