// A TCP proxy between the agents and the dashboard that misbehaves on demand, as a network does:
// it cuts every connection, delays bytes, blackholes them, or loses the answer to an enrollment.
import net from 'node:net';

/** One direction of one connection: chunks leave in order, each no earlier than its due time. */
class Lane {
  private readonly items: { at: number; chunk: Buffer | null }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private done = false;

  constructor(
    private readonly proxy: ChaosProxy,
    private readonly target: net.Socket,
  ) {}

  /** A chunk, or `null`: the sender finished (FIN), passed on after what it sent before. */
  push(chunk: Buffer | null): void {
    if (this.done) return;
    this.items.push({ at: Date.now() + this.proxy.delayMs, chunk });
    this.pump();
  }

  get pending(): number {
    return this.items.length;
  }

  pump(): void {
    if (this.timer || this.done) return;
    while (!this.proxy.blackholed) {
      const head = this.items[0];
      if (!head) return;
      const wait = head.at - Date.now();
      if (wait > 0) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.pump();
        }, wait);
        return;
      }
      this.items.shift();
      if (this.target.destroyed) continue;
      if (head.chunk) this.target.write(head.chunk);
      else this.target.end();
    }
  }

  drop(): void {
    this.done = true;
    this.items.length = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}

interface Link {
  client: net.Socket;
  upstream: net.Socket;
  up: Lane;
  down: Lane;
  /** Client bytes since the last answer began (to recognise an enrollment request). */
  request: string;
}

const ENROLL_REQUEST = /^POST \/api\/trpc\/agent\.enroll\b/;
const HOST_KEY = /"hostKey":"((?:[^"\\]|\\.)*)"/;

export interface ProxyStats {
  connections: number;
  cuts: number;
  droppedEnrollAnswers: number;
}

/**
 * `cut()` resets every open connection (both ends see a reset). `blackhole()` stops every byte, in
 * both directions and on new connections too (accepted, never answered) until `heal()`, when what
 * was held flows on: a partition shorter than TCP's own patience. `delayMs` delays every byte
 * (order kept). `dropEnrollAnswers` loses the dashboard's answer to each host's first
 * `agent.enroll`: the request is forwarded, and the connection is reset as the answer starts.
 */
export class ChaosProxy {
  delayMs = 0;
  blackholed = false;
  /** Set: the first enrollment answer of each host key is lost (once per key). */
  dropEnrollAnswers = false;
  readonly enrollAnswersDropped = new Set<string>();
  readonly stats: ProxyStats = { connections: 0, cuts: 0, droppedEnrollAnswers: 0 };
  private readonly links = new Set<Link>();
  private server: net.Server | undefined;
  url = '';
  port = 0;

  private constructor(private readonly target: { host: string; port: number }) {}

  static async start(target: { host?: string; port: number }, listenPort = 0): Promise<ChaosProxy> {
    const proxy = new ChaosProxy({ host: target.host ?? '127.0.0.1', port: target.port });
    const server = net.createServer({ allowHalfOpen: true }, (client) => proxy.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listenPort, '127.0.0.1', () => resolve());
    });
    proxy.server = server;
    proxy.port = (server.address() as net.AddressInfo).port;
    proxy.url = `http://127.0.0.1:${proxy.port}`;
    return proxy;
  }

  private accept(client: net.Socket): void {
    this.stats.connections++;
    const upstream = net.connect({ ...this.target, allowHalfOpen: true });
    const link: Link = {
      client,
      upstream,
      up: new Lane(this, upstream),
      down: new Lane(this, client),
      request: '',
    };
    this.links.add(link);
    client.on('data', (chunk: Buffer) => {
      if (link.request.length < 8_192) link.request += chunk.toString('latin1');
      link.up.push(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (this.losesAnswer(link)) return;
      link.request = '';
      link.down.push(chunk);
    });
    client.on('end', () => link.up.push(null));
    upstream.on('end', () => link.down.push(null));
    // A side that fails (reset, refused) takes what was queued for it; what it sent before still
    // reaches the other side, followed by a FIN — as with TCP, where bytes in flight arrive.
    client.on('error', () => {
      link.down.drop();
      link.up.push(null);
    });
    upstream.on('error', () => {
      link.up.drop();
      link.down.push(null);
    });
    for (const socket of [client, upstream])
      socket.on('close', () => {
        if (socket === client) link.down.drop();
        else link.up.drop();
        if (client.destroyed && upstream.destroyed) this.links.delete(link);
      });
  }

  /** The answer to an enrollment request begins: lost, once per host key, when asked to. */
  private losesAnswer(link: Link): boolean {
    if (!this.dropEnrollAnswers || !ENROLL_REQUEST.test(link.request)) return false;
    const hostKey = HOST_KEY.exec(link.request)?.[1] ?? `unknown-${this.stats.connections}`;
    if (this.enrollAnswersDropped.has(hostKey)) return false;
    this.enrollAnswersDropped.add(hostKey);
    this.stats.droppedEnrollAnswers++;
    this.reset(link);
    return true;
  }

  private reset(link: Link): void {
    link.up.drop();
    link.down.drop();
    link.client.resetAndDestroy();
    link.upstream.resetAndDestroy();
    this.links.delete(link);
  }

  /** Resets every open connection now. */
  cut(): void {
    this.stats.cuts++;
    for (const link of [...this.links]) this.reset(link);
  }

  blackhole(): void {
    this.blackholed = true;
  }

  /** Ends the blackhole: the bytes it held flow on (after `delayMs`, from when they were sent). */
  heal(): void {
    this.blackholed = false;
    for (const link of this.links) {
      link.up.pump();
      link.down.pump();
    }
  }

  /** Back to a faithful link (new connections and the ones still open). */
  restore(): void {
    this.delayMs = 0;
    this.dropEnrollAnswers = false;
    this.heal();
  }

  get openConnections(): number {
    return this.links.size;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
