import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SessionUser } from '@standby/api';
import { createPrismaClient, type PrismaClient } from '@standby/db';
import { createHosts, openTestDatabase, type TestDatabase } from '@standby/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleFleetExport } from '../src/server/export-route';

const VIEWER: SessionUser = { id: 'u1', email: 'viewer@standby.test', name: 'Viewer', role: 'viewer' };

describe('GET /api/export/fleet-audit', () => {
  let database: TestDatabase;
  let prisma: PrismaClient;
  let unreachable: PrismaClient;
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    database = await openTestDatabase({ prefix: 'standby-export-', maxConnections: 3 });
    prisma = database.prisma;
    // Nothing listens on port 1: every query fails.
    unreachable = createPrismaClient('postgresql://nobody:none@127.0.0.1:1/none', { maxConnections: 1 });
    // Hosts enrolled but never reported: the route is about the download, not the figures.
    await createHosts(
      prisma,
      [0, 1, 2].map((i) => ({ hostname: `sip0${i}`, application: i === 1 ? '=cmd()' : 'SIPS' })),
    );
    server = http.createServer((req, res) => {
      const user = req.headers['x-test-user'] === 'none' ? null : VIEWER;
      const client = req.headers['x-test-db'] === 'down' ? unreachable : prisma;
      void handleFleetExport(req, res, { prisma: client, user });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/export/fleet-audit`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await unreachable?.$disconnect();
    await database?.dispose();
  });

  it('streams a CSV download with a dated file name', async () => {
    const response = await fetch(`${base}?format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename="standby-fleet-audit-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const lines = (await response.text()).split('\r\n');
    expect(lines[0]).toMatch(/^pair,hostname,application,/);
    expect(lines.slice(1, 4).map((line) => line.split(',')[1])).toEqual(['sip00', 'sip01', 'sip02']);
    expect(lines[2]).toContain(",'=cmd(),");
    expect(lines[4]).toBe('');
  });

  it('streams JSON that parses, and defaults to CSV without a format', async () => {
    const response = await fetch(`${base}?format=json`);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(
      /standby-fleet-audit-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    const records = (await response.json()) as { hostname: string; status: string }[];
    expect(records.map((record) => [record.hostname, record.status])).toEqual([
      ['sip00', 'UNKNOWN'],
      ['sip01', 'UNKNOWN'],
      ['sip02', 'UNKNOWN'],
    ]);
    expect((await fetch(base)).headers.get('content-type')).toBe('text/csv; charset=utf-8');
  });

  it('answers 401 in JSON to a caller who is not signed in', async () => {
    const response = await fetch(`${base}?format=csv`, { headers: { 'x-test-user': 'none' } });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ error: expect.stringMatching(/sign in/i) });
  });

  it('answers 400 naming a bad format, and 405 to another method', async () => {
    const response = await fetch(`${base}?format=xlsx`);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain('"xlsx"');
    const post = await fetch(base, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
  });

  it('answers 503 rather than an empty 200 when the database is down', async () => {
    const response = await fetch(`${base}?format=json`, { headers: { 'x-test-db': 'down' } });
    expect(response.status).toBe(503);
    expect(response.headers.get('content-disposition')).toBeNull();
  });
});
