import { loadServerCapture, saveServerCapture, type TServerCapture } from './server-capture';

/**
 * Keeps what the running SIP Server started with: captured at each start the agent sees, restored
 * from stateDir after an agent restart when the same instance still runs, and otherwise (best
 * knowledge) the options file as it is when the agent starts.
 */
export class ServerCaptureKeeper {
  private capture: TServerCapture | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly stateDir: string | undefined,
    private readonly log: (line: string) => void,
  ) {}

  get current(): TServerCapture | undefined {
    return this.capture;
  }

  /** At the agent's start: the instance running now (if any) and the options file now. */
  async restore(instance: string | undefined, fileOptions: Record<string, string>): Promise<void> {
    const persisted = this.stateDir ? await loadServerCapture(this.stateDir) : undefined;
    if (instance !== undefined && persisted?.instance === instance) {
      this.capture = persisted;
      this.log(
        `SIP Server ${instance} still runs: using the options it started with (kept in ${this.stateDir})`,
      );
      return;
    }
    if (instance !== undefined)
      this.log(
        `SIP Server already running (${instance}) and its start was not seen: the options file stands for the options it started with`,
      );
    this.set({ instance: instance ?? null, startedAt: null, options: fileOptions });
  }

  /** A start: the server reads its options file now. */
  started(instance: string | undefined, options: Record<string, string>, at: Date): void {
    this.set({ instance: instance ?? null, startedAt: at.toISOString(), options });
  }

  /** The start already captured (a start check in progress) turns out to be this instance. */
  identify(instance: string, at: Date): void {
    if (!this.capture || this.capture.instance === instance) return;
    this.set({ ...this.capture, instance, startedAt: this.capture.startedAt ?? at.toISOString() });
  }

  /** Waits for pending writes (tests, shutdown). */
  async flush(): Promise<void> {
    await this.saving;
  }

  private set(capture: TServerCapture): void {
    this.capture = capture;
    const dir = this.stateDir;
    if (!dir) return;
    this.saving = this.saving
      .then(() => saveServerCapture(dir, capture))
      .catch((error: Error) => this.log(`start options not kept on disk: ${error.message}`));
  }
}
