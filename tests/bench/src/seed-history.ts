import { createHash } from 'node:crypto';
import pg from 'pg';
import { SYNTHETIC_OPTIONS } from '../../../apps/simulator/src/load/synthetic-result';

export interface TSeedPlan {
  runs: number;
  hosts: number;
  /** Runs of host 0, the one with a long history (5% of all): its last page is the deep keyset page. */
  deepHostRuns: number;
}

const RUNS_PER_STATEMENT = 100_000;

export function planSeed(runs: number, hosts: number): TSeedPlan {
  // Every other host keeps at least one run.
  return { runs, hosts, deepHostRuns: Math.max(1, Math.min(Math.floor(runs * 0.05), runs - (hosts - 1))) };
}

/** The id the seed gives host number `index` (md5 as a uuid, as the SQL below computes it). */
export function seededHostId(index: number): string {
  const hex = createHash('md5').update(`host-${index}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const FINDINGS = {
  critical: {
    code: 'last-check-failed',
    severity: 'critical',
    message: 'The last check reported SERVICE_UNAVAILABLE.',
  },
  warning: {
    code: 'timeout-below-startup',
    severity: 'warning',
    message: 'Components took 52 s to initialize; backup-init-check-timeout is 60 s.',
    option: 'backup-init-check-timeout',
    suggestedValue: '90',
  },
  info: {
    code: 'port-check-inert',
    severity: 'info',
    message: 'backup-sip-port-check has no effect while backup-init-check is false.',
    option: 'backup-sip-port-check',
  },
};

// Pairs of two hosts; 1 host in 25 failing (critical finding), 1 in 7 with a warning, 1 in 3 with an info
// finding; 1 agent in 50 disconnected. Times are UTC wall clock, as Prisma stores them.
const SEED_FLEET = `
  INSERT INTO "HaPair" (id, name)
  SELECT md5('pair-' || p)::uuid, 'pair-' || lpad(p::text, 6, '0') FROM generate_series(0, ($1::int + 1) / 2 - 1) p;

  INSERT INTO "Host" (id, key, hostname, application, "pairId", mode, version, "configuredOptions",
    "effectiveOptions", status, "statusSince", "lastCheckAt", "lastFindings", "findingsCritical",
    "findingsWarning", "findingsInfo", "updatedAt")
  SELECT md5('host-' || h)::uuid, 'sip-' || n || '.bench/SIP_' || n, 'sip-' || n || '.bench', 'SIP_' || n,
    md5('pair-' || (h / 2))::uuid, CASE WHEN h % 2 = 0 THEN 'backup' ELSE 'primary' END, '8.1.103.64',
    $2::jsonb, $2::jsonb, CASE WHEN h % 25 = 0 THEN 'SERVICE_UNAVAILABLE' ELSE 'RUNNING' END,
    (now() AT TIME ZONE 'UTC') - interval '1 day', (now() AT TIME ZONE 'UTC') - h * interval '1 second',
    jsonb_path_query_array(jsonb_build_array(
      CASE WHEN h % 25 = 0 THEN $3::jsonb END,
      CASE WHEN h % 7 = 0 THEN $4::jsonb END,
      CASE WHEN h % 3 = 0 THEN $5::jsonb END), '$[*] ? (@ != null)'),
    (h % 25 = 0)::int, (h % 7 = 0)::int, (h % 3 = 0)::int, now() AT TIME ZONE 'UTC'
  FROM generate_series(0, $1::int - 1) h, LATERAL (SELECT lpad(h::text, 6, '0') AS n) x;

  INSERT INTO "Agent" (id, "hostId", connected, "connectedNode", "lastSeenAt", "agentVersion")
  SELECT md5('agent-' || h)::uuid, md5('host-' || h)::uuid, h % 50 <> 0, 'bench', now() AT TIME ZONE 'UTC', '0.1.0'
  FROM generate_series(0, $1::int - 1) h`;

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
 * Fills a fresh database with a fleet and its history, server-side (INSERT … SELECT generate_series):
 * no rows cross the network. FK triggers are skipped for the load (the generated rows are consistent
 * by construction), then the tables are vacuumed and analyzed as autovacuum eventually would.
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
    for (const statement of SEED_FLEET.split(';')) {
      const used = [...statement.matchAll(/\$(\d)/g)].map((m) => Number(m[1]));
      const params = [plan.hosts, options, ...Object.values(FINDINGS).map((f) => JSON.stringify(f))];
      await client.query(statement, params.slice(0, Math.max(0, ...used)));
    }
    await client.query('COMMIT');
    const perHost = Math.ceil((plan.runs - plan.deepHostRuns) / (plan.hosts - 1));
    const runFinding = JSON.stringify([FINDINGS.warning]);
    for (let from = 0; from < plan.runs; from += RUNS_PER_STATEMENT) {
      const to = Math.min(plan.runs, from + RUNS_PER_STATEMENT);
      await client.query(SEED_RUNS, [from, to, plan.deepHostRuns, plan.hosts, perHost, runFinding, options]);
      await client.query(SEED_COMPONENTS, [from, to]);
      log(`queries: seeded ${to.toLocaleString('en-US')} of ${plan.runs.toLocaleString('en-US')} runs`);
    }
    await client.query('SET session_replication_role = DEFAULT');
    log('queries: VACUUM ANALYZE');
    await client.query('VACUUM ANALYZE "HaPair", "Host", "Agent", "CheckRun", "ComponentResult"');
  } finally {
    await client.end();
  }
}
