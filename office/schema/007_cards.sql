-- Office schema v7: a registry row keeps its meal card number and its holder's
-- masked name (both already in every bundle kiosks get; never the full name),
-- for the printable card sheet; `card_printed_at` is when the card was last
-- put on a sheet (NULL: a new card, what `card sheet --all-new` prints).

ALTER TABLE registry ADD COLUMN masked_name TEXT;
ALTER TABLE registry ADD COLUMN card_no TEXT;
ALTER TABLE registry ADD COLUMN card_printed_at TEXT;
