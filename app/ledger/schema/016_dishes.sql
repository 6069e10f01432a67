-- The day's dishes shown on the welcome screen (issue #17). One row per
-- date, meal period and source: `office` (from the newest signed bundle
-- that carried this canteen's menu; `version` is the office's version of
-- it) and `local` (set at this kiosk by a supervisor for the day, `set_by`
-- naming them; `version` 0). The local entry wins for its day. `dishes` is
-- the checked dishes as JSON. Not part of the chain: dishes carry no price,
-- so no sale depends on them.
CREATE TABLE day_dishes (
    served_on TEXT    NOT NULL CHECK (served_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    period    TEXT    NOT NULL CHECK (length(period) BETWEEN 1 AND 64),
    source    TEXT    NOT NULL CHECK (source IN ('office', 'local')),
    version   INTEGER NOT NULL CHECK (version >= 0),
    dishes    TEXT    NOT NULL,
    set_by    TEXT,
    set_at    TEXT    NOT NULL,  -- RFC 3339, this device's clock
    PRIMARY KEY (served_on, period, source)
) STRICT, WITHOUT ROWID;
