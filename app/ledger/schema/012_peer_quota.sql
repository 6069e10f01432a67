-- Schema v12: the quota uses of this canteen's other terminals (issue #11).
--
-- Terminals of one canteen push the quota uses of their sales to each other
-- over the LAN; each keeps its peers' uses here, a grow-only set keyed by the
-- use's origin (device, sale, line): a use sent twice is stored once (INSERT
-- OR IGNORE), and nothing is ever updated or deleted. The quota count adds
-- these to the device's own `quota_uses`. Not part of the chain: these are
-- another device's records, which that device syncs to the office itself.
CREATE TABLE peer_quota_uses (
    origin_device TEXT    NOT NULL CHECK (length(origin_device) BETWEEN 1 AND 64),
    origin_seq    INTEGER NOT NULL CHECK (origin_seq >= 1),
    line_no       INTEGER NOT NULL CHECK (line_no BETWEEN 0 AND 511),
    resident_key  TEXT    NOT NULL,
    local_date    TEXT    NOT NULL,
    period        TEXT    NOT NULL,
    received_at   TEXT    NOT NULL,  -- RFC 3339, this device's clock
    PRIMARY KEY (origin_device, origin_seq, line_no)
) STRICT, WITHOUT ROWID;

-- The quota count looks up (resident_key, local_date, period).
CREATE INDEX peer_quota_uses_by_resident ON peer_quota_uses (resident_key, local_date, period);

CREATE TRIGGER peer_quota_uses_no_update BEFORE UPDATE ON peer_quota_uses BEGIN SELECT RAISE(ABORT, 'peer quota uses are grow-only'); END;
CREATE TRIGGER peer_quota_uses_no_delete BEFORE DELETE ON peer_quota_uses BEGIN SELECT RAISE(ABORT, 'peer quota uses are grow-only'); END;
