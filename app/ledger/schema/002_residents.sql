-- Schema v2: the residents registry.
--
-- Imported from the office's CSV. Keyed by the resident key (HMAC-SHA256 of the
-- normalised ID with a key kept outside the database); the ID number and the
-- full name are never stored, only their masked forms. Unlike the journal this
-- is current state: a re-import replaces a resident's row.

CREATE TABLE residents (
    resident_key TEXT PRIMARY KEY,
    masked_id    TEXT NOT NULL,
    masked_name  TEXT NOT NULL,
    birth_date   TEXT,               -- YYYY-MM-DD, when the ID carries one
    categories   TEXT NOT NULL,      -- category ids joined by ','
    card_no      TEXT,
    status       TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'lost')),
    updated_at   TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX residents_by_card ON residents (card_no);  -- NULLs are distinct; not partial (see sales_by_resident)
