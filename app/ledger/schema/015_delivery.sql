-- Schema v15: meals delivered to the housebound.
--
-- A delivered sale names its route on its journal row (part of its canonical
-- bytes only when set, so every older sale keeps its hash); NULL for every
-- other sale and every other kind.
ALTER TABLE journal ADD COLUMN delivery_route TEXT
    CHECK (delivery_route IS NULL OR (kind = 'sale' AND length(delivery_route) > 0));

-- The standing orders of residents who get meals delivered, as the office's
-- bundle carries them: the address line and route (shown on the delivery
-- roster only), a note for the kitchen (软食), the diner's age tier on the
-- day the office issued the bundle (the kiosk keeps no birth date), the
-- periods (comma-separated ids) and how many meals each period. Configuration
-- rather than journal: a bundle replaces the whole set.
CREATE TABLE delivery_orders (
    resident_key TEXT PRIMARY KEY REFERENCES residents (resident_key),
    address      TEXT NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
    route        TEXT NOT NULL CHECK (length(route) BETWEEN 1 AND 40),
    note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 100),
    tier         TEXT,
    periods      TEXT NOT NULL CHECK (length(periods) > 0),
    meals        INTEGER NOT NULL CHECK (meals BETWEEN 1 AND 9)
) STRICT;

-- Finding a period's delivered sales (the roster, and preparing it twice).
CREATE INDEX journal_deliveries ON journal (local_date, resident_key)
    WHERE delivery_route IS NOT NULL;
