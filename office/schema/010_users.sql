-- Office schema v10: the web back office.
--
-- `users` are the office's people (never kiosks): a name, a role (`viewer`
-- reads, `clerk` also manages residents and cards, `admin` also devices,
-- users, menus and pricing), an argon2 PHC string of the password, and the
-- wrong passwords in a row; the fifth locks the account (`locked_at`) until
-- `canteen-office user unlock`. `web_sessions` holds a signed-in browser by the
-- SHA-256 of its cookie (never the cookie) with the CSRF token its forms carry.
-- Web actions go to the existing append-only `audit` table.
--
-- A revoked kiosk keeps its row (its records name it) with `revoked_at`; its
-- token is refused from then on. A registry row (which keeps its holder's
-- masked ID since v9, so a clerk can search by it) keeps its bundle status
-- (`active`, `suspended`, `lost`, `card_suspended`; NULL for a row from
-- before v10: `suspended` says) so a clerk's change of it reaches the kiosks
-- in the next bundle built from the registry.

CREATE TABLE users (
    name          TEXT    PRIMARY KEY,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'clerk', 'viewer')),
    password_hash TEXT    NOT NULL,
    failed_in_row INTEGER NOT NULL DEFAULT 0 CHECK (failed_in_row >= 0),
    locked_at     TEXT,
    created_at    TEXT    NOT NULL
) STRICT;

CREATE TABLE web_sessions (
    token_sha256 BLOB PRIMARY KEY CHECK (length(token_sha256) = 32),
    user_name    TEXT NOT NULL REFERENCES users (name),
    csrf         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
) STRICT, WITHOUT ROWID;

ALTER TABLE devices ADD COLUMN revoked_at TEXT;
ALTER TABLE registry ADD COLUMN status TEXT
    CHECK (status IN ('active', 'suspended', 'lost', 'card_suspended'));

-- The dashboard, the claim and the anomaly reports read a month of lines by
-- date: a covering index lets them scan the index alone, in date order,
-- instead of fetching each line from the table (one index still, wider).
DROP INDEX report_lines_by_date;
CREATE INDEX report_lines_by_date ON report_lines (
    local_date, device_id, period, tier, category, sign,
    market_fen, charged_fen, subsidy_fen, resident_key, masked_id
);
