-- Schema v13: no birth date beside a resident key (issue #12).
--
-- With a masked ID (first 3 and last 4 characters shown) and the birth date,
-- a stolen kiosk's resident keys leave ~1,000 candidate numbers a person to
-- try; without the date ~10^6 and more, which at the key's argon2id cost is
-- days of CPU. A scanned ID card carries its own birth date and a meal card
-- its holder's (signed by the office), so the registry needs none. SQLite's
-- table rebuild: copy into the new shape, drop, rename, index again. With
-- secure_delete the old rows' pages are overwritten with zeros, not left in
-- the file's free pages.
PRAGMA secure_delete = ON;

CREATE TABLE residents_v13 (
    resident_key TEXT PRIMARY KEY,
    masked_id    TEXT NOT NULL,
    masked_name  TEXT NOT NULL,
    categories   TEXT NOT NULL,      -- category ids joined by ','
    card_no      TEXT,
    status       TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'lost')),
    updated_at   TEXT NOT NULL,
    card_status  TEXT NOT NULL DEFAULT 'active'
        CHECK (card_status IN ('active', 'lost', 'suspended'))
) STRICT;

INSERT INTO residents_v13 (resident_key, masked_id, masked_name, categories, card_no, status, updated_at, card_status)
SELECT resident_key, masked_id, masked_name, categories, card_no, status, updated_at, card_status FROM residents;

DROP TABLE residents;
ALTER TABLE residents_v13 RENAME TO residents;
CREATE UNIQUE INDEX residents_by_card ON residents (card_no);
