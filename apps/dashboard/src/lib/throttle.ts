/**
 * Runs `fn` at most once per `intervalMs`: the first call runs at once, later calls within the interval
 * are folded into one trailing run. `cancel` drops a pending trailing run.
 */
export function createThrottle(fn: () => void, intervalMs: number): { run(): void; cancel(): void } {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const fire = () => {
    timer = undefined;
    last = Date.now();
    fn();
  };
  return {
    run() {
      if (timer) return;
      const wait = last + intervalMs - Date.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
