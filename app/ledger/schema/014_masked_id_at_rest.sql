-- Schema v14: no digit of an ID number at rest (issue #12, the smart thief).
--
-- A stolen kiosk has each resident's key, and a key confirms a guessed
-- number. The masked form kept beside it showed the first 3 and last 4
-- characters (`110***********002X`); a thief who knows the canteen's county
-- (every diner of a community canteen lives in it) and the diner's age band
-- (the tier of their sales) then needs only the ~3,650 birth dates of the
-- band: minutes of CPU at any key cost a scan can afford. The registry's
-- masked IDs become the at-rest form, `ResidentId::masked_at_rest`: 18 `*`.
--
-- The journal is hash-chained: its records cannot be rewritten without
-- breaking the chain, so sales and audit records made before this version
-- keep the mask they were written with. Sales and audits from now on store
-- the at-rest form. With secure_delete the old values' bytes are overwritten
-- in the pages SQLite frees or rewrites.
PRAGMA secure_delete = ON;

UPDATE residents SET masked_id = '******************';
