-- Office schema v11: meals delivered to the housebound.
--
-- A delivered sale's report lines name its route (NULL for every other line;
-- a void's lines copy it), so the claim can show delivered meals and delivery
-- fees in their own columns from the same rows it already sums.
ALTER TABLE report_lines ADD COLUMN delivery_route TEXT;

-- Each delivery's outcome as the kiosk recorded it: `delivered` (its audit
-- record) or `not_delivered` (the void of the sale). Derived in the batch's
-- transaction from the synced records, once per sale.
CREATE TABLE delivery_outcomes (
    device_id  TEXT    NOT NULL,
    db_epoch   TEXT    NOT NULL,
    sale_seq   INTEGER NOT NULL,
    outcome    TEXT    NOT NULL CHECK (outcome IN ('delivered', 'not_delivered')),
    record_seq INTEGER NOT NULL,
    PRIMARY KEY (device_id, db_epoch, sale_seq),
    FOREIGN KEY (device_id, db_epoch, record_seq) REFERENCES records (device_id, db_epoch, seq)
) STRICT, WITHOUT ROWID;

-- Standing orders set at the office (`canteen-office residents delivery set`):
-- carried to kiosks with the residents of the next bundle. The address line is
-- for the delivery roster; reports show the route only.
CREATE TABLE delivery_orders (
    resident_key TEXT PRIMARY KEY REFERENCES registry (resident_key),
    address      TEXT NOT NULL CHECK (length(address) BETWEEN 1 AND 200),
    route        TEXT NOT NULL CHECK (length(route) BETWEEN 1 AND 40),
    note         TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 100),
    periods      TEXT NOT NULL CHECK (length(periods) > 0),
    meals        INTEGER NOT NULL CHECK (meals BETWEEN 1 AND 9),
    updated_at   TEXT NOT NULL
) STRICT;
