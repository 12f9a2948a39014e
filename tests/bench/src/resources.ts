/** Every scope still open, so an interrupt can release them all (newest first). */
const openScopes = new Set<ResourceScope>();

interface Step {
  label: string;
  release: () => Promise<unknown> | unknown;
}

/** Releasing one thing may hang (a server that will not stop); past this the next one gets its turn. */
const STEP_TIMEOUT_MS = 30_000;

/**
 * What one phase started (servers, child processes, temp dirs), released in reverse order when the
 * phase ends — or all at once on Ctrl-C, through `releaseAllScopes`.
 */
export class ResourceScope {
  private readonly steps: Step[] = [];
  private releasing: Promise<void> | undefined;

  constructor(private readonly log: (line: string) => void) {
    openScopes.add(this);
  }

  defer(label: string, release: Step['release']): void {
    this.steps.push({ label, release });
  }

  /** Releases in reverse order; a second caller (the phase's finally during an interrupt) waits for the first. */
  release(): Promise<void> {
    openScopes.delete(this);
    this.releasing ??= this.releaseSteps();
    return this.releasing;
  }

  private async releaseSteps(): Promise<void> {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(step.release),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`still running after ${STEP_TIMEOUT_MS} ms`)),
              STEP_TIMEOUT_MS,
            );
          }),
        ]);
      } catch (error) {
        this.log(`cleanup: ${step.label}: ${(error as Error).message}`);
      } finally {
        clearTimeout(timer);
      }
    }
  }
}

export async function releaseAllScopes(): Promise<void> {
  for (const scope of [...openScopes].reverse()) await scope.release();
}
