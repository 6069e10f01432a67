-- Schema v8: line refunds (issue #6).
--
-- A refund is a journal record (kind 'refund') that pays back some lines of a
-- sale, which stays untouched. `refunds` holds the record (the sale it refers to
-- by seq and hash, the reason, the supervisor who authorised it);
-- `refund_lines` one row per refunded line (the sale's line number, the
-- quantity — a sale line is one meal, so 1 — and what was paid back and what
-- subsidy is no longer claimable). The verifier rebuilds the record from these
-- rows, so an edited amount breaks the chain.
--
-- `closing_refunds` carries a daily closing's refund totals, only for a day that
-- had refunds: closings without refunds keep exactly the rows (and canonical
-- bytes) they had before.
--
-- New tables only; nothing existing is rebuilt. Like every journal table they
-- refuse UPDATE and DELETE.

CREATE TABLE refunds (
    seq           INTEGER PRIMARY KEY REFERENCES journal (seq),
    original_seq  INTEGER NOT NULL REFERENCES journal (seq),
    original_hash BLOB    NOT NULL,
    reason        TEXT    NOT NULL,
    supervisor_id INTEGER NOT NULL
) STRICT;
CREATE INDEX refunds_by_original ON refunds (original_seq);

CREATE TABLE refund_lines (
    seq         INTEGER NOT NULL REFERENCES refunds (seq),
    line_no     INTEGER NOT NULL CHECK (line_no >= 0),
    qty         INTEGER NOT NULL CHECK (qty >= 1),
    amount_fen  INTEGER NOT NULL,
    subsidy_fen INTEGER NOT NULL,
    PRIMARY KEY (seq, line_no)
) STRICT, WITHOUT ROWID;

CREATE TABLE closing_refunds (
    seq          INTEGER PRIMARY KEY REFERENCES closings (seq),
    refund_count INTEGER NOT NULL,
    refunded_fen INTEGER NOT NULL
) STRICT;

CREATE TRIGGER refunds_no_update BEFORE UPDATE ON refunds BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER refunds_no_delete BEFORE DELETE ON refunds BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER refund_lines_no_update BEFORE UPDATE ON refund_lines BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER refund_lines_no_delete BEFORE DELETE ON refund_lines BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER closing_refunds_no_update BEFORE UPDATE ON closing_refunds BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER closing_refunds_no_delete BEFORE DELETE ON closing_refunds BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
