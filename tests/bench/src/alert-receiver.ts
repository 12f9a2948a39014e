import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WEBHOOK_DELIVERY_HEADER, WEBHOOK_SIGNATURE_HEADER } from '@standby/protocol';
import type { ResourceScope } from './resources';

/** One webhook request as the receiver saw it. */
export interface TReceivedNotice {
  /** Date.now() once the whole body was in (the bench's clock, as for the emit time). */
  receivedAtMs: number;
  kind: string;
  condition: string;
  hostId: string | null;
  /** X-Standby-Delivery: `<alertId>:<kind>`, the same on every retry of one notice. */
  delivery: string;
  signature: 'valid' | 'invalid' | 'missing';
}

/**
 * A webhook receiver on loopback, as docs/ALERTS.md tells a receiver to be: it checks
 * X-Standby-Signature (HMAC-SHA256 of the raw body with the channel's secret, constant time) before
 * parsing, answers 204, and hands each notice to `onNotice`.
 */
export class WebhookReceiver {
  private constructor(
    readonly url: string,
    private readonly server: http.Server,
  ) {}

  static async start(
    scope: ResourceScope,
    secret: string,
    onNotice: (notice: TReceivedNotice) => void,
  ): Promise<WebhookReceiver> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const receivedAtMs = Date.now();
        const body = Buffer.concat(chunks);
        const header = req.headers[WEBHOOK_SIGNATURE_HEADER.toLowerCase()];
        const given = typeof header === 'string' ? Buffer.from(header) : undefined;
        const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
        const signature = !given
          ? 'missing'
          : given.length === expected.length && timingSafeEqual(given, expected)
            ? 'valid'
            : 'invalid';
        let notice: { kind?: unknown; condition?: unknown; host?: { id?: unknown } | null } = {};
        try {
          notice = JSON.parse(body.toString('utf8'));
        } catch {}
        onNotice({
          receivedAtMs,
          kind: String(notice.kind),
          condition: String(notice.condition),
          hostId: typeof notice.host?.id === 'string' ? notice.host.id : null,
          delivery: String(req.headers[WEBHOOK_DELIVERY_HEADER.toLowerCase()] ?? ''),
          signature,
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const receiver = new WebhookReceiver(`http://127.0.0.1:${port}/standby-alerts`, server);
    scope.defer('webhook receiver', () => receiver.close());
    return receiver;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
