/**
 * Wraps an event listener (socket.io handler, timer callback) so that nothing it throws or rejects
 * with escapes to the process: socket.io does not await listeners, so a rejected async handler is an
 * unhandled rejection, and in API-only mode a crash. The error goes to `onError` (logged by the caller).
 */
export function guardListener<A extends unknown[]>(
  name: string,
  listener: (...args: A) => unknown,
  onError: (name: string, error: unknown) => void,
): (...args: A) => void {
  return (...args: A) => {
    const report = (error: unknown) => {
      try {
        onError(name, error);
      } catch {
        // The reporter itself failed (a closed log stream): nothing left to tell.
      }
    };
    try {
      const returned = listener(...args);
      if (returned instanceof Promise) returned.catch(report);
    } catch (error) {
      report(error);
    }
  };
}
