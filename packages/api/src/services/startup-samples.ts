/** Samples kept per host for the timeout finding's p95. */
export const STARTUP_SAMPLES_KEPT = 50;

/**
 * Appends to each host's startup samples the slowest component's readiness of these runs — only runs
 * that waited for the components and saw every one ready (in time or after the timeout) — keeping the
 * newest STARTUP_SAMPLES_KEPT. $1: run ids. Used at ingest and when late readiness completes a run.
 */
export const APPEND_STARTUP_SAMPLES_SQL = `
UPDATE "Host" h SET "startupSamples" = (
  SELECT COALESCE(jsonb_agg(t.value ORDER BY t.ord), '[]'::jsonb)
  FROM jsonb_array_elements(h."startupSamples" || a.added) WITH ORDINALITY AS t(value, ord)
  WHERE t.ord > jsonb_array_length(h."startupSamples" || a.added) - ${STARTUP_SAMPLES_KEPT}
)
FROM (
  SELECT r."hostId", jsonb_agg(r.ms ORDER BY r."startedAt") AS added
  FROM (
    SELECT run."hostId", run."startedAt", max(c."readyAfterMs") AS ms
    FROM "CheckRun" run JOIN "ComponentResult" c ON c."runId" = run.id
    WHERE run.id = ANY($1::uuid[]) AND run.applicable AND run."checkEnabled"
    GROUP BY run.id, run."hostId", run."startedAt"
    HAVING NOT bool_or(c.state <> 'ready' AND c."readyAfterMs" IS NULL) AND max(c."readyAfterMs") IS NOT NULL
  ) r
  GROUP BY r."hostId"
) a
WHERE h.id = a."hostId"`;
