import { type CheckResultToStore, storeCheckResults } from '@standby/api';
import { createPgPool } from '@standby/db';
import { bulkHostId, createBulkFleet } from '@standby/db/testing';
import type { TFinding } from '@standby/protocol';
import { buildSyntheticResult, SYNTHETIC_OPTIONS } from '@standby/simulator/load';
import pg from 'pg';

export interface TSeedPlan {
  runs: number;
  hosts: number;
  /** Runs of host 0, the one with a long history (5% of all): its last page is the deep keyset page. */
  deepHostRuns: number;
}

const RUNS_PER_STATEMENT = 100_000;
/** Hosts per ingest statement when their latest results are stored. */
const CURRENT_PER_BATCH = 1_000;

export function planSeed(runs: number, hosts: number): TSeedPlan {
  // Every other host keeps at least one run.
  return { runs, hosts, deepHostRuns: Math.max(1, Math.min(Math.floor(runs * 0.05), runs - (hosts - 1))) };
}

/** A finding as an agent reports it with a run (the run's own, kept in its history). */
const RUN_FINDING: TFinding = {
  code: 'timeout-below-startup',
  severity: 'warning',
  message: 'Components took 52 s to initialize; backup-init-check-timeout is 60 s.',
  option: 'backup-init-check-timeout',
};

// Run i belongs to host 0 (one run every 10 minutes) while i < deep; after that, round-robin over the
// other hosts (one run every 6 hours each). One run in 50 failed, one in 10 carries a finding.
const RUN_HOST_AND_START = `
  CROSS JOIN LATERAL (
    SELECT CASE WHEN i < $3 THEN 0 ELSE 1 + (i - $3) % ($4 - 1) END AS h,
      CASE WHEN i < $3 THEN (now() AT TIME ZONE 'UTC') - ($3 - i) * interval '10 minutes'
        ELSE (now() AT TIME ZONE 'UTC') - ($5 - (i - $3) / ($4 - 1)) * interval '6 hours'
          - (1 + (i - $3) % ($4 - 1)) * interval '1 second' END AS started
  ) s`;

const SEED_RUNS = `
  INSERT INTO "CheckRun" (id, "hostId", status, applicable, mode, "checkEnabled", "timeoutSec", trigger,
    "startedAt", "finishedAt", "durationMs", "portState", port, findings, options, late, "receivedAt")
  SELECT md5('run-' || i)::uuid, md5('host-' || s.h)::uuid,
    CASE WHEN i % 50 = 49 THEN 'SERVICE_UNAVAILABLE' ELSE 'RUNNING' END, true, 'backup', true, 60,
    CASE WHEN i % 5 = 0 THEN 'interval' ELSE 'start' END, s.started, s.started + interval '2500 milliseconds',
    2500, 'passed', 5060, CASE WHEN i % 10 = 9 THEN $6::jsonb ELSE '[]'::jsonb END, $7::jsonb, false,
    s.started + interval '2600 milliseconds'
  FROM generate_series($1::bigint, $2::bigint - 1) AS i ${RUN_HOST_AND_START}`;

const SEED_COMPONENTS = `
  INSERT INTO "ComponentResult" ("runId", name, state, "readyAfterMs", detail)
  SELECT md5('run-' || i)::uuid, c.name,
    CASE WHEN i % 50 = 49 AND c.ord = 3 THEN 'timeout' ELSE 'ready' END,
    CASE WHEN i % 50 = 49 AND c.ord = 3 THEN NULL ELSE 1500 + c.ord * 200 + (i % 97)::int END,
    CASE WHEN i % 50 = 49 AND c.ord = 3 THEN 'not ready within the timeout' END
  FROM generate_series($1::bigint, $2::bigint - 1) AS i
  CROSS JOIN (VALUES ('t-controller', 1), ('smart-proxy', 2), ('interaction-proxy', 3), ('operational-info', 4)) AS c(name, ord)`;

/**
 * Fills a fresh database with a fleet and its history: the fleet (pairs, hosts as their hellos left them,
 * agents; 1 in 50 disconnected) and the history runs server-side (INSERT … SELECT generate_series), so
 * no rows cross the network; FK triggers are skipped for that load (the generated rows are consistent by
 * construction). Then each host's latest result goes through the ingest statement, which moves the host
 * forward and evaluates its verdict and findings as production does — 1 backup in 25 failing, some files
 * changed since the server started (warning and info findings). Last, the tables are vacuumed and analyzed
 * as autovacuum eventually would.
 */
export async function seedHistory(
  databaseUrl: string,
  plan: TSeedPlan,
  log: (line: string) => void,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SET synchronous_commit = off');
    await client.query('SET session_replication_role = replica');
    const options = JSON.stringify(SYNTHETIC_OPTIONS);
    await client.query('BEGIN');
    await createBulkFleet(client, { hosts: plan.hosts, options: SYNTHETIC_OPTIONS });
    await client.query('COMMIT');
    const perHost = Math.ceil((plan.runs - plan.deepHostRuns) / (plan.hosts - 1));
    const runFinding = JSON.stringify([RUN_FINDING]);
    for (let from = 0; from < plan.runs; from += RUNS_PER_STATEMENT) {
      const to = Math.min(plan.runs, from + RUNS_PER_STATEMENT);
      await client.query(SEED_RUNS, [from, to, plan.deepHostRuns, plan.hosts, perHost, runFinding, options]);
      await client.query(SEED_COMPONENTS, [from, to]);
      log(`queries: seeded ${to.toLocaleString('en-US')} of ${plan.runs.toLocaleString('en-US')} runs`);
    }
    await client.query('SET session_replication_role = DEFAULT');
    await ingestCurrentResults(databaseUrl, plan.hosts, log);
    log('queries: VACUUM ANALYZE');
    await client.query('VACUUM ANALYZE "HaPair", "Host", "Agent", "CheckRun", "ComponentResult"');
  } finally {
    await client.end();
  }
}

/** Each host's latest result, through the ingest statement (host moved forward, verdict evaluated). */
async function ingestCurrentResults(databaseUrl: string, hosts: number, log: (line: string) => void) {
  const pool = createPgPool(databaseUrl);
  try {
    const now = Date.now();
    for (let from = 0; from < hosts; from += CURRENT_PER_BATCH) {
      const batch: CheckResultToStore[] = [];
      for (let h = from; h < Math.min(hosts, from + CURRENT_PER_BATCH); h++) {
        // Sequence 49 is a failed check; 0 a healthy one.
        const result = buildSyntheticResult(now - (h % 50) * 1_000, h % 25 === 0 ? 49 : 0);
        // The file as it is now: changed since the server started on some hosts (findings, not the verdict).
        const configuredOptions =
          h % 7 === 0
            ? { ...SYNTHETIC_OPTIONS, 'control-vip-scripts': 'true' }
            : h % 3 === 0
              ? { ...SYNTHETIC_OPTIONS, 'backup-init-check': 'false' }
              : { ...SYNTHETIC_OPTIONS };
        const mode = h % 2 === 0 ? 'backup' : 'primary';
        batch.push({ hostId: bulkHostId(h), result: { ...result, mode, configuredOptions }, late: false });
      }
      await storeCheckResults(pool, batch);
      log(
        `queries: stored the latest result of ${Math.min(hosts, from + CURRENT_PER_BATCH)} of ${hosts} hosts`,
      );
    }
  } finally {
    await pool.end();
  }
}
