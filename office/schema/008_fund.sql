-- The community fund (基金池): what each canteen operator ("community
-- partner", `devices.operator`) agreed to pay into it, and every payment into
-- it and spending from it. Contributions are never stored: each month's is
-- computed from the synced sales (`report_lines`) and the agreements, so a
-- late sync or a corrected agreement changes the statement, not a copy.

-- An operator's agreement: a share of their revenue (paid by diners plus the
-- subsidy claimed for them, as `report partner` counts it) in basis points,
-- a fixed monthly amount, or both, from `starts_on` to `ends_on` (inclusive;
-- NULL while it runs).
CREATE TABLE partner_agreements (
    id          INTEGER PRIMARY KEY,
    operator    TEXT    NOT NULL CHECK (length(trim(operator)) > 0),
    share_bp    INTEGER NOT NULL CHECK (share_bp BETWEEN 0 AND 10000),
    monthly_fen INTEGER NOT NULL CHECK (monthly_fen >= 0),
    starts_on   TEXT    NOT NULL,
    ends_on     TEXT,
    entered_by  TEXT    NOT NULL,
    entered_at  TEXT    NOT NULL,
    CHECK (share_bp > 0 OR monthly_fen > 0),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX partner_agreements_by_operator ON partner_agreements (operator);

-- Money into the fund (a partner's payment) and out of it (spending, with
-- what it was for). Append-only: a mistake is corrected by a new entry of
-- the same kind with the opposite sign and a note saying which it corrects.
CREATE TABLE fund_entries (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('payment', 'spending')),
    operator   TEXT,
    amount_fen INTEGER NOT NULL CHECK (amount_fen <> 0),
    on_date    TEXT    NOT NULL,
    note       TEXT    NOT NULL,
    entered_by TEXT    NOT NULL,
    entered_at TEXT    NOT NULL,
    CHECK ((kind = 'payment') = (operator IS NOT NULL))
);
CREATE INDEX fund_entries_by_date ON fund_entries (on_date);

CREATE TRIGGER fund_entries_no_update BEFORE UPDATE ON fund_entries
BEGIN SELECT RAISE(ABORT, 'fund entries are append-only: enter a correcting entry'); END;
CREATE TRIGGER fund_entries_no_delete BEFORE DELETE ON fund_entries
BEGIN SELECT RAISE(ABORT, 'fund entries are append-only: enter a correcting entry'); END;
