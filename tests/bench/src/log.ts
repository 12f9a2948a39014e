const startedAt = performance.now();

/** Progress goes to stderr, so stdout carries only the results table. */
export function log(line: string): void {
  const seconds = ((performance.now() - startedAt) / 1_000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${seconds}s] ${line}\n`);
}
