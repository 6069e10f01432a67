-- Office schema v9: the registry keeps each resident's masked ID as reports
-- show it (`110***********002X`, first 3 and last 4), filled at import from
-- the full ID number. Kiosks now store and send only the at-rest form (all
-- `*`: a stolen kiosk must show no digit beside a resident key), so the
-- subsidy report, the claim's meals sheet and the anomalies take the
-- registry's mask by resident key, and the synced line's mask only for a
-- resident the registry does not know. Rows imported before this version
-- take the mask their synced lines carried (kiosks before the change sent
-- the screen's form), else none until the registry file is imported again.

ALTER TABLE registry ADD COLUMN masked_id TEXT;

-- One grouped pass over the lines, not one scan per resident.
UPDATE registry SET masked_id = m.masked_id
FROM (SELECT resident_key, max(masked_id) AS masked_id FROM report_lines
      WHERE resident_key IS NOT NULL AND masked_id GLOB '[0-9]*'
      GROUP BY resident_key) AS m
WHERE m.resident_key = registry.resident_key;
