-- Schema v10: a meal card's state apart from its holder's.
--
-- Until v9 one `status` said `active`, `suspended` or `lost`, and a lost card
-- refused its holder even when they showed their ID card. Now `status` is the
-- person's (`active` or `suspended`) and `card_status` the card's (`active`,
-- `lost` or `suspended`): a blocked card refuses that card only. A row that
-- said `lost` becomes an active person with a lost card. (`lost` stays allowed
-- by the old CHECK on `status`; it is no longer written there.)

ALTER TABLE residents ADD COLUMN card_status TEXT NOT NULL DEFAULT 'active'
    CHECK (card_status IN ('active', 'lost', 'suspended'));

UPDATE residents SET status = 'active', card_status = 'lost' WHERE status = 'lost';
