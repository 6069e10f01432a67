-- Office schema v6: the registry keeps the full ID number and name only
-- sealed (ChaCha20-Poly1305 under the seal key outside the data directory,
-- see `seal.rs`), for the civil-affairs claim; `seal` holds the key's
-- fingerprint; `audit` records each export that opened them. Bundles of the
-- first shape carried the registry file in clear: they are deleted (kiosks
-- keep what they applied; the next bundle issued replaces them).

ALTER TABLE registry ADD COLUMN sealed_id TEXT;
ALTER TABLE registry ADD COLUMN sealed_name TEXT;

CREATE TABLE seal (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL
) STRICT;

CREATE TABLE audit (
    id    INTEGER PRIMARY KEY,
    at    TEXT    NOT NULL,
    who   TEXT    NOT NULL,
    what  TEXT    NOT NULL,
    rows  INTEGER NOT NULL
) STRICT;

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

DELETE FROM bundles WHERE signed LIKE '%residents\_csv%' ESCAPE '\';
