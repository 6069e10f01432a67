-- Office schema v4: one-step enrolment.
--
-- `device add` without `--device-id` issues an enrolment code instead of a
-- token: the code's SHA-256 (never the code), who the kiosk is (name,
-- canteen, operator), the provisional id `device add` printed, and an expiry.
-- `POST /v1/enroll` uses the code once: in one transaction it registers the
-- kiosk in `devices` under the kiosk's own ledger device id with a new token,
-- and marks the code used with that id.

CREATE TABLE enrol_codes (
    code_sha256 BLOB PRIMARY KEY CHECK (length(code_sha256) = 32),
    pending_id  TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    canteen     TEXT NOT NULL,
    operator    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,   -- RFC 3339, UTC
    used_at     TEXT,
    device_id   TEXT REFERENCES devices (device_id),
    CHECK ((used_at IS NULL) = (device_id IS NULL))
) STRICT, WITHOUT ROWID;
