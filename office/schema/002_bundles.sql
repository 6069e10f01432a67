-- Office schema v2: the signed bundles issued to kiosks. Kept as the exact
-- signed JSON, so what a kiosk downloads is byte for byte what was signed.

CREATE TABLE bundles (
    version   INTEGER PRIMARY KEY CHECK (version >= 1),
    signed    TEXT    NOT NULL,  -- canteen_sync::signing::SignedBundle as JSON
    issued_at TEXT    NOT NULL
) STRICT;
