import { advanceRunningRollouts, type CommandBus } from '@standby/api';
import type { PrismaClient } from '@standby/db';

export interface RolloutWorkerOptions {
  prisma: PrismaClient;
  commandBus: CommandBus;
  /** How often the node looks at running rollouts (default 1 s). */
  pollMs?: number | undefined;
  log: (line: string) => void;
}

export interface RunningRolloutWorker {
  /** Stops polling and waits for the pass in progress. */
  stop(): Promise<void>;
}

/**
 * The rollout worker of one dashboard node (docs/OPTION-CHANGES.md). Every node runs one; each pass
 * steps every running rollout under its row lock (SKIP LOCKED: a rollout another node is moving is
 * passed over), so a rollout goes on whichever node is alive — after a restart or a node's death.
 */
export function startRolloutWorker(options: RolloutWorkerOptions): RunningRolloutWorker {
  let stopped = false;
  let failing = false;
  let running = false;
  let pass: Promise<void> = Promise.resolve();

  const runPass = async () => {
    try {
      await advanceRunningRollouts(options.prisma, options.commandBus);
      if (failing) options.log('[rollouts] rollout worker resumed');
      failing = false;
    } catch (error) {
      // The database restarting: say so once, try again next pass.
      if (!failing && !stopped)
        options.log(`[rollouts] rollout worker pass failed: ${(error as Error).message}`);
      failing = true;
    }
  };
  const tick = () => {
    if (stopped || running) return;
    running = true;
    pass = pass.then(runPass).finally(() => {
      running = false;
    });
  };
  const timer = setInterval(tick, Math.max(50, options.pollMs ?? 1_000));
  timer.unref();
  tick();

  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await pass;
    },
  };
}
