-- The day's dishes (issue #17): every version the office published of one
-- canteen's menu for one date and meal period. Append-only: setting a menu
-- again adds the next version; the newest is in force and every older one
-- stays as the menu history. `dishes` is the checked dishes as JSON
-- (names, diet-tag ids, an optional small photo); `bundle_version` is the
-- signed bundle that carried this version to the kiosks.
CREATE TABLE dish_menus (
    id             INTEGER PRIMARY KEY,
    canteen        TEXT    NOT NULL CHECK (length(trim(canteen)) > 0),
    served_on      TEXT    NOT NULL CHECK (served_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    period         TEXT    NOT NULL CHECK (length(trim(period)) > 0),
    version        INTEGER NOT NULL CHECK (version >= 1),
    dishes         TEXT    NOT NULL,
    entered_by     TEXT    NOT NULL CHECK (length(trim(entered_by)) > 0),
    entered_at     TEXT    NOT NULL,
    bundle_version INTEGER NOT NULL REFERENCES bundles (version),
    UNIQUE (canteen, served_on, period, version)
);

CREATE TRIGGER dish_menus_no_update BEFORE UPDATE ON dish_menus
BEGIN
    SELECT RAISE(ABORT, 'dish_menus is append-only: set the menu again to publish a new version');
END;

CREATE TRIGGER dish_menus_no_delete BEFORE DELETE ON dish_menus
BEGIN
    SELECT RAISE(ABORT, 'dish_menus is append-only: the menu history is kept');
END;
