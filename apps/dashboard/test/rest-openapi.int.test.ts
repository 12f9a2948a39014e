import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startAgent } from '@standby/agent/agent';
import { loadAgentConfig } from '@standby/agent/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerClient, browserClient, enrolledHost } from './fixtures';
import { restRecorder } from './rest-client';
import { startTestDashboard, type TestDashboard, waitFor } from './test-dashboard';

interface TDocument {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, { operationId?: string }>>;
}

/** What a script does with the document: the method and URL of an operation, by its operationId. */
function operation(document: TDocument, operationId: string) {
  for (const [route, item] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op.operationId === operationId) {
        return {
          method: method.toUpperCase(),
          url: (params: Record<string, string> = {}) =>
            document.servers[0]!.url + route.replace(/\{(\w+)\}/g, (_, name: string) => params[name]!),
        };
      }
    }
  }
  throw new Error(`no operation ${operationId}`);
}

describe('the REST API, driven by a script from the OpenAPI document and an API token', {
  timeout: 120_000,
}, () => {
  let dashboard: TestDashboard;
  let dir: string;
  let token: string;
  const rest = restRecorder();

  beforeAll(async () => {
    dashboard = await startTestDashboard();
    dir = await mkdtemp(path.join(os.tmpdir(), 'standby-rest-'));
    const operator = browserClient(dashboard.url, await dashboard.signIn('operator'));
    ({ token } = await operator.tokens.create.mutate({
      name: 'ansible',
      scope: 'operate',
      expiresInDays: 30,
    }));
  });
  afterAll(async () => {
    await dashboard?.dispose();
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  });

  it('changes an option on a host with a real agent, then reads the result, with only the token and the document', async () => {
    const host = await enrolledHost(dir, dashboard, 'SIPS_REST_A');
    const agent = startAgent({ config: await loadAgentConfig(host.configPath), log: () => {} });
    try {
      const document = (await rest.call<TDocument>(`${dashboard.url}/api/openapi.json`)).json;
      expect(document.openapi).toMatch(/^3\.1/);

      const searchFleet = operation(document, 'searchFleet');
      const found = await waitFor(async () => {
        const page = await rest.call<{ hosts: { id: string; connected: boolean }[] }>(searchFleet.url(), {
          method: searchFleet.method,
          token,
          body: { filter: { search: 'SIPS_REST_A' } },
        });
        expect(page.status).toBe(200);
        return page.json.hosts[0]?.connected ? page.json.hosts[0] : undefined;
      }, 'the host listed as connected');

      const changeOptions = operation(document, 'changeOptions');
      const changed = await rest.call<{ commandIds: string[]; hosts: number }>(changeOptions.url(), {
        method: changeOptions.method,
        token,
        body: {
          target: { kind: 'hosts', hostIds: [found.id] },
          values: { 'backup-sip-port-check': 'false' },
        },
      });
      expect(changed.status).toBe(200);
      expect(changed.json).toMatchObject({ hosts: 1, commandIds: [expect.stringMatching(/^\d+$/)] });

      // The result, read back the same way: the host's configured options once its agent applied them.
      const getHost = operation(document, 'getHost');
      const configured = await waitFor(async () => {
        const detail = await rest.call<{ host: { configuredOptions: Record<string, string> } }>(
          getHost.url({ hostId: found.id }),
          { method: getHost.method, token },
        );
        expect(detail.status).toBe(200);
        const value = detail.json.host.configuredOptions['backup-sip-port-check'];
        return value === 'false' ? detail.json.host : undefined;
      }, 'the option applied');
      expect(configured.configuredOptions['backup-sip-port-check']).toBe('false');
      expect(await readFile(host.optionsPath, 'utf8')).toMatch(/^backup-sip-port-check = false$/m);

      const listChanges = operation(document, 'listOptionChanges');
      const changes = await rest.call<{ changes: { state: string; actorEmail: string | null }[] }>(
        `${listChanges.url()}?hostId=${found.id}&limit=5`,
        { method: listChanges.method, token },
      );
      expect(changes.status).toBe(200);
      expect(changes.json.changes[0]).toMatchObject({
        state: expect.stringMatching(/applied|pending-restart/),
      });

      const runs = operation(document, 'listHostRuns');
      const runPage = await rest.call<{ runs: unknown[] }>(`${runs.url({ hostId: found.id })}?limit=2`, {
        method: runs.method,
        token,
      });
      expect(runPage.status).toBe(200);
    } finally {
      await agent.stop();
      await host.dispose();
    }
  });

  it('publishes every operation a script needs, and a self-contained reference page', async () => {
    const document = (await rest.call<TDocument>(`${dashboard.url}/api/openapi.json`)).json;
    const operationIds = Object.values(document.paths).flatMap((item) =>
      Object.values(item).map((op) => op.operationId),
    );
    for (const id of [
      'searchFleet',
      'countFleet',
      'getHost',
      'listHostRuns',
      'listFindings',
      'changeOptions',
      'runCheckNow',
      'listAuditEvents',
      'exportFleetAudit',
      'listOptionChanges',
      'whoAmI',
    ])
      expect(operationIds).toContain(id);
    expect(document.servers[0]!.url).toBe(`${dashboard.url}/api/v1`);

    const page = await fetch(`${dashboard.url}/api/docs`);
    const html = await page.text();
    rest.bodies.push(html);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(html).toContain('/commands/change-options');
    expect(html).toContain('changeOptions');
    // Nothing to fetch at run time: no script, no external stylesheet, font or image.
    expect(html).not.toMatch(/<script|<link|<img|@import|src=/i);
  });

  it('reads with the token: counts, findings, audit, export', async () => {
    const base = `${dashboard.url}/api/v1`;
    const counts = await rest.call<{ total: number }>(`${base}/fleet/counts`, {
      method: 'POST',
      token,
      body: {},
    });
    expect(counts.status).toBe(200);
    expect(counts.json.total).toBeGreaterThanOrEqual(1);
    expect((await rest.call(`${base}/findings?severity=critical&limit=10`, { token })).status).toBe(200);
    const audit = await rest.call<{ events: { action: string }[] }>(`${base}/audit?limit=50`, { token });
    expect(audit.status).toBe(200);
    expect(audit.json.events.map((event) => event.action)).toContain('option.change');
    const exported = await fetch(`${base}/export/fleet-audit?format=json`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(exported.status).toBe(200);
    const hosts = (await exported.json()) as { hostname: string }[];
    expect(hosts.map((host) => host.hostname)).toContain('sips_rest_a.test');
  });

  it('answers every error as JSON {code, message}, naming the field for bad input', async () => {
    const base = `${dashboard.url}/api/v1`;
    const anonymous = await rest.call(`${base}/me`);
    expect(anonymous).toMatchObject({ status: 401, json: { code: 'UNAUTHORIZED' } });
    expect(Object.keys(anonymous.json as object).sort()).toEqual(['code', 'message']);

    const unknown = await rest.call(`${base}/no/such/route`, { token });
    expect(unknown).toMatchObject({ status: 404, json: { code: 'NOT_FOUND' } });

    const badId = await rest.call<{ code: string; message: string }>(`${base}/hosts/not-a-uuid`, { token });
    expect(badId.status).toBe(400);
    expect(badId.json.code).toBe('BAD_REQUEST');
    expect(badId.json.message).toContain('hostId');

    const badLimit = await rest.call<{ message: string }>(`${base}/findings?limit=100000`, { token });
    expect(badLimit.status).toBe(400);
    expect(badLimit.json.message).toContain('limit');

    const notJson = await rest.call(`${base}/commands/run-check`, {
      method: 'POST',
      token,
      rawBody: '{"target":',
    });
    expect(notJson).toMatchObject({ status: 400, json: { code: 'BAD_REQUEST' } });

    const noHost = await rest.call<{ message: string }>(
      `${base}/hosts/00000000-0000-4000-8000-000000000000`,
      {
        token,
      },
    );
    expect(noHost).toMatchObject({ status: 404, json: { code: 'NOT_FOUND' } });
    for (const answer of [anonymous, unknown, badId, badLimit, notJson, noHost])
      expect(Object.keys(answer.json as object).sort()).toEqual(['code', 'message']);
  });

  it('takes the same token on the tRPC endpoint, acting as its owner with the token’s role', async () => {
    const client = bearerClient(dashboard.url, token);
    const me = await client.session.me.query();
    expect(me.user?.role).toBe('operator');
    // Managing tokens needs a browser session: a token cannot mint another.
    await expect(
      client.tokens.create.mutate({ name: 'child', scope: 'read', expiresInDays: 1 }),
    ).rejects.toMatchObject({ data: { code: 'FORBIDDEN' } });
  });

  it('never answered with a server path or a stack trace', () => {
    rest.expectNoInternals();
  });
});
