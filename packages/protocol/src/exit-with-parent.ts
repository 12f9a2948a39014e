// Node processes only (not exported from the package's main entry, which browsers load too).

/** How long a graceful stop may take once the parent is gone, before the process exits anyway. */
const GRACE_MS = 15_000;

/**
 * Runs `shutdown` once when the process that started this one is gone, however it ended (SIGKILL
 * too): a parent that spawned us with an IPC channel holds its end, and the kernel closes it when
 * that parent dies, which Node reports as 'disconnect'. The channel does not keep this process alive.
 * Started without a channel (a shell, systemd), there is nothing to watch: returns false.
 */
export function exitWithParent(shutdown: (reason: string) => unknown): boolean {
  if (!process.channel) return false;
  process.channel.unref();
  process.once('disconnect', () => {
    setTimeout(() => process.exit(1), GRACE_MS).unref();
    void Promise.resolve()
      .then(() => shutdown('its parent process is gone'))
      .catch(() => process.exit(1));
  });
  return true;
}
