-- Office schema v12: what each kiosk last said of itself.
--
-- With each batch (and in a status-only batch when it has nothing to send) a
-- kiosk reports how many journal records it still has to send after that
-- batch and the bundle version its configuration runs (0 = the shipped
-- defaults). The office keeps the latest report per device, written in the
-- same transaction as the batch that carried it; `reported_at` is the
-- office's time of receipt. An older kiosk sends no report: no row.

CREATE TABLE device_status (
    device_id      TEXT    PRIMARY KEY REFERENCES devices (device_id),
    db_epoch       TEXT    NOT NULL,
    pending        INTEGER NOT NULL CHECK (pending >= 0),
    bundle_version INTEGER NOT NULL CHECK (bundle_version >= 0),
    reported_at    TEXT    NOT NULL
) STRICT;
