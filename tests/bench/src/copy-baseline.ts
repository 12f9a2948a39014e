import { buildSyntheticResult } from '@standby/simulator/load';
import pg from 'pg';
import { copyFromStdin, copyValue } from './copy-from-stdin';

export interface TCopyBaseline {
  runs: number;
  componentRows: number;
  /** Database time only: COPY of both tables and COMMIT, summed over the transactions. */
  seconds: number;
  runsPerSecond: number;
  runsPerTransaction: number;
}

const RUNS_PER_TRANSACTION = 10_000;

// The columns storeCheckResults writes (receivedAt and late included), in COPY's text format.
const RUN_COLUMNS =
  '"id","hostId","status","applicable","mode","checkEnabled","timeoutSec","trigger","startedAt","finishedAt",' +
  '"durationMs","portState","portReason","port","address","findings","options","late","receivedAt"';
const COMPONENT_COLUMNS = '"runId","name","state","readyAfterMs","detail"';

function buildChunk(
  hostIds: readonly string[],
  first: number,
  count: number,
): { runs: Buffer; components: Buffer } {
  const runs: string[] = [];
  const components: string[] = [];
  const now = Date.now();
  for (let sequence = first; sequence < first + count; sequence++) {
    const result = buildSyntheticResult(now - (first + count - sequence), sequence);
    const hostId = hostIds[sequence % hostIds.length]!;
    runs.push(
      [
        result.runId,
        hostId,
        result.status,
        result.applicable,
        result.mode,
        result.checkEnabled,
        result.timeoutSec,
        result.trigger,
        result.startedAt,
        result.finishedAt,
        result.durationMs,
        result.portCheck.state,
        result.portCheck.reason,
        result.portCheck.port,
        result.portCheck.address,
        JSON.stringify(result.findings),
        JSON.stringify(result.options),
        false,
        new Date(now).toISOString(),
      ]
        .map(copyValue)
        .join('\t'),
    );
    for (const component of result.components) {
      components.push(
        [result.runId, component.name, component.state, component.readyAfterMs, component.detail]
          .map(copyValue)
          .join('\t'),
      );
    }
  }
  return { runs: Buffer.from(`${runs.join('\n')}\n`), components: Buffer.from(`${components.join('\n')}\n`) };
}

/**
 * The ceiling for the ingest path: the same kind of rows (a run and its four components, for the same
 * hosts) written by `COPY FROM STDIN` on one connection, RUNS_PER_TRANSACTION runs per transaction.
 * No validation, no Host update, no acks — what PostgreSQL itself takes on this machine.
 */
export async function measureRawCopy(
  databaseUrl: string,
  hostIds: readonly string[],
  runs: number,
): Promise<TCopyBaseline> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let seconds = 0;
  let copiedRuns = 0;
  let copiedComponents = 0;
  try {
    for (let first = 0; first < runs; first += RUNS_PER_TRANSACTION) {
      const chunk = buildChunk(hostIds, first, Math.min(RUNS_PER_TRANSACTION, runs - first));
      const started = performance.now();
      await client.query('BEGIN');
      copiedRuns += await copyFromStdin(client, `COPY "CheckRun" (${RUN_COLUMNS}) FROM STDIN`, chunk.runs);
      copiedComponents += await copyFromStdin(
        client,
        `COPY "ComponentResult" (${COMPONENT_COLUMNS}) FROM STDIN`,
        chunk.components,
      );
      await client.query('COMMIT');
      seconds += (performance.now() - started) / 1_000;
    }
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
  return {
    runs: copiedRuns,
    componentRows: copiedComponents,
    seconds,
    runsPerSecond: copiedRuns / seconds,
    runsPerTransaction: RUNS_PER_TRANSACTION,
  };
}
