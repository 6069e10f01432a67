-- Schema v11: the pricing and menu version each sale was priced with.
--
-- The office re-prices every synced sale with its own copy of the bundle the
-- device held, so the version is part of the sale's record (and of its
-- canonical bytes when non-zero; 0 is the shipped defaults, as every sale
-- before this version was). On the journal row, 0 for every other kind.
ALTER TABLE journal ADD COLUMN rules_version INTEGER NOT NULL DEFAULT 0
    CHECK (rules_version >= 0 AND (rules_version = 0 OR kind = 'sale'));
