-- Schema v5: the outbox as a high-water mark.
--
-- Sync is by sequence: the office acknowledges its contiguous high-water mark
-- and the ledger marked every outbox row up to it, so the acknowledged rows
-- were always a prefix of the journal. One `outbox` row per record was one more
-- B-tree — one more page written and synced — per sale, to say what the
-- journal row already says. Now the journal row is the record's outbox entry
-- (written in the record's own transaction, as before) and one row holds the
-- mark: records with `seq > acked_seq` are pending. The mark moves only to a
-- mark the office sent back, in its own transaction, and never backwards; the
-- row cannot be deleted.

CREATE TABLE outbox_mark (
    one       INTEGER PRIMARY KEY CHECK (one = 1),
    acked_seq INTEGER NOT NULL CHECK (acked_seq >= 0),
    acked_at  TEXT                -- RFC 3339: the acknowledgement that last moved the mark
) STRICT;

WITH mark (seq) AS (
    SELECT coalesce((SELECT min(seq) - 1 FROM outbox WHERE acked_at IS NULL),
                    (SELECT max(seq) FROM outbox),
                    0)
)
INSERT INTO outbox_mark (one, acked_seq, acked_at)
    SELECT 1, mark.seq, (SELECT acked_at FROM outbox WHERE outbox.seq = mark.seq) FROM mark;

DROP TABLE outbox;  -- and its triggers

CREATE TRIGGER outbox_mark_no_delete BEFORE DELETE ON outbox_mark BEGIN SELECT RAISE(ABORT, 'the outbox mark is kept'); END;
CREATE TRIGGER outbox_mark_forward BEFORE UPDATE ON outbox_mark
    WHEN NEW.one IS NOT OLD.one OR NEW.acked_seq < OLD.acked_seq
    BEGIN SELECT RAISE(ABORT, 'the outbox mark only moves forward'); END;
