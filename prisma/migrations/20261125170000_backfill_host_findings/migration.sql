-- Hosts that reported before the denormalized finding columns existed: fill them from each host's
-- latest stored run, so fleet-wide finding queries and filters see them without waiting for a new
-- report (an offline host might never send one).
UPDATE "Host" AS h SET
  "lastFindings" = r.findings,
  "findingsCritical" = (SELECT count(*) FROM jsonb_array_elements(r.findings) f WHERE f->>'severity' = 'critical'),
  "findingsWarning" = (SELECT count(*) FROM jsonb_array_elements(r.findings) f WHERE f->>'severity' = 'warning'),
  "findingsInfo" = (SELECT count(*) FROM jsonb_array_elements(r.findings) f WHERE f->>'severity' = 'info')
FROM "CheckRun" AS r
WHERE r.id = h."lastRunId" AND h."lastFindings" = '[]'::jsonb AND jsonb_typeof(r.findings) = 'array';
