import {
  connectionName,
  NODE_LEASE_MS,
  reapDeadNodes,
  releaseGoneConnections,
  renewNodeLease,
  sweepDueVerdicts,
} from '@standby/api';
import type { PgPool } from '@standby/db';

/** A node renews its lease this many times per lease period: a few lost ticks never look like death. */
const RENEWALS_PER_LEASE = 6;

/**
 * Keeps the stored verdicts true as time passes, on every node (each step is idempotent, so several
 * nodes doing it at once only repeat work): this node's lease renewed, agents of nodes whose lease ran
 * out marked disconnected, hosts whose data went stale or whose pending restart aged evaluated again.
 * With `liveSocketIds` (this node's agent sockets), agents this node's rows still call connected
 * but whose socket is gone — their disconnect fell in a database outage — are marked disconnected.
 */
export function scheduleVerdictUpkeep(
  pool: PgPool,
  nodeId: string,
  onHostsChanged: (hostIds: string[]) => void,
  log: (line: string) => void,
  leaseMs = NODE_LEASE_MS,
  liveSocketIds?: () => Iterable<string>,
): () => void {
  const everyMs = Math.max(250, Math.floor(leaseMs / RENEWALS_PER_LEASE));
  let running = false;
  let failing = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await renewNodeLease(pool, nodeId);
      onHostsChanged(await reapDeadNodes(pool, leaseMs));
      onHostsChanged(await sweepDueVerdicts(pool));
      if (liveSocketIds) {
        // Taken once the rows are read (releaseGoneConnections asks after its query).
        let live: Set<string> | undefined;
        const released = await releaseGoneConnections(pool, nodeId, (connection) => {
          live ??= new Set([...liveSocketIds()].map((id) => connectionName(nodeId, id)));
          return live.has(connection);
        });
        if (released.length > 0)
          log(
            `[upkeep] agents whose socket closed unrecorded marked disconnected (${released.length} hosts)`,
          );
        onHostsChanged(released);
      }
      if (failing) log('[upkeep] verdict upkeep resumed');
      failing = false;
    } catch (error) {
      // The database restarting: say so once, try again next tick.
      if (!failing) log(`[upkeep] verdict upkeep failed: ${(error as Error).message}`);
      failing = true;
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
