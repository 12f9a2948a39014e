import {
  deliverDueAlerts,
  dispatchDueAlerts,
  pruneFleetEventMarks,
  readFleetEvents,
  reconcileAlertConditions,
  type TAlertSettings,
  type TAlertWorkerContext,
} from '@standby/api';
import type { PgPool } from '@standby/db';

export interface AlertWorkerOptions {
  pool: PgPool;
  nodeId: string;
  settings: TAlertSettings;
  /** How often the node looks for due alerts and notices (default 1 s). */
  pollMs?: number | undefined;
  log: (line: string) => void;
}

export interface RunningAlertWorker {
  /** Stops polling, cancels sends in flight (recorded as failed attempts, retried by any node), waits for the pass. */
  stop(): Promise<void>;
}

const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * The alert worker of one dashboard node (docs/ALERTS.md). Every node runs one; they share the work
 * through the database (rows claimed with SKIP LOCKED, notices under a lease), so a notice is sent by
 * one node, and by another only if the first died before confirming it. Each pass: fleet events read
 * from the audit log, due alerts decided (trigger, silence, resolve), due notices sent.
 */
export function startAlertWorker(options: AlertWorkerOptions): RunningAlertWorker {
  const context: TAlertWorkerContext = {
    pool: options.pool,
    nodeId: options.nodeId,
    settings: options.settings,
  };
  const aborter = new AbortController();
  let stopped = false;
  let failing = false;
  let lastPrune = 0;
  let pass: Promise<void> = Promise.resolve();

  const runPass = async () => {
    try {
      await readFleetEvents(context);
      // Drain what is due now (bounded: a huge backlog spreads over passes).
      for (let round = 0; round < 10 && !stopped; round++)
        if ((await dispatchDueAlerts(context)) < 100) break;
      for (let round = 0; round < 10 && !stopped; round++)
        if ((await deliverDueAlerts(context, { signal: aborter.signal })) === 0) break;
      if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
        lastPrune = Date.now();
        await pruneFleetEventMarks(context);
      }
      if (failing) options.log('[alerts] alert worker resumed');
      failing = false;
    } catch (error) {
      // The database restarting: say so once, try again next pass.
      if (!failing && !stopped) options.log(`[alerts] alert worker pass failed: ${(error as Error).message}`);
      failing = true;
    }
  };

  let running = false;
  const tick = () => {
    if (stopped || running) return;
    running = true;
    pass = pass.then(runPass).finally(() => {
      running = false;
    });
  };

  // Verdicts stored before alerts existed (or before an upgrade changed the conditions) are caught up once.
  pass = reconcileAlertConditions(context)
    .then((evaluated) => {
      if (evaluated > 0) options.log(`[alerts] alert conditions caught up on ${evaluated} hosts`);
    })
    .catch((error: unknown) =>
      options.log(`[alerts] catching up alert conditions failed: ${(error as Error).message}`),
    );
  const timer = setInterval(tick, Math.max(50, options.pollMs ?? 1_000));
  timer.unref();
  tick();

  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      aborter.abort();
      await pass;
    },
  };
}
