import { appRouter } from '@standby/api';
import { wireTransformer } from '@standby/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { edgeValue, mutateOnce, seededRandom, type TRandom, validishValue } from './fuzz-inputs';
import { internalsIn } from './internals-in';
import { startTestDashboard, type TestDashboard } from './test-dashboard';

// Every tRPC procedure, called over real HTTP as admin, viewer, agent and anonymously, with a few
// thousand inputs from a fixed seed: nearly valid ones with one hostile leaf (so that calls reach the
// services and the database), and wholly hostile ones. No answer may be a 5xx or show internals.

// Fixed, so a failure reproduces; FUZZ_SEED tries another sequence.
const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed_15);
const ROLES = ['admin', 'viewer', 'agent', 'anonymous'] as const;
type TRole = (typeof ROLES)[number];
/** Calls per procedure: the admin reaches every service, the others mostly meet the role check. */
const CALLS_PER_PROCEDURE: Record<TRole, number> = { admin: 48, viewer: 16, agent: 14, anonymous: 12 };

interface TProcedure {
  path: string;
  type: 'query' | 'mutation' | 'subscription';
  schema: object | null;
}

function procedures(): TProcedure[] {
  const all = (appRouter as unknown as { _def: { procedures: Record<string, unknown> } })._def.procedures;
  return Object.entries(all).map(([procedurePath, procedure]) => {
    const def = (procedure as { _def: { type: TProcedure['type']; inputs: z.ZodType[] } })._def;
    const [input] = def.inputs;
    return {
      path: procedurePath,
      type: def.type,
      schema: input ? z.toJSONSchema(input, { unrepresentable: 'any', io: 'input' }) : null,
    };
  });
}

const HOSTILE_META_MARK = Symbol('hostile superjson meta');
interface THostileMeta {
  [HOSTILE_META_MARK]: true;
  wire: unknown;
}
function isHostileMeta(value: unknown): value is THostileMeta {
  return typeof value === 'object' && value !== null && HOSTILE_META_MARK in value;
}
/** superjson annotations that lie about the values, or aim at prototypes. */
function hostileMeta(random: TRandom): THostileMeta {
  const wires = [
    { json: { hostId: 'not a number' }, meta: { values: { hostId: ['bigint'] } } },
    { json: { hostId: 'no date' }, meta: { values: { hostId: ['Date'] } } },
    { json: { a: 1 }, meta: { values: { '__proto__.polluted': ['Date'] } } },
    { json: { a: [] }, meta: { values: { a: [['custom', 'nope']] } } },
    { json: { a: 'x' }, meta: { values: { a: ['regexp'] } } },
    { json: { a: 'x' }, meta: { referentialEqualities: { a: ['constructor.prototype'] } } },
    { json: { a: 'x' }, meta: { values: 'nonsense' } },
    { json: 1, meta: { values: ['bigint'] } },
  ];
  return { [HOSTILE_META_MARK]: true, wire: random.pick(wires) };
}

interface TOutcome {
  status: number;
  body: string;
}

describe('tRPC fuzz: every procedure, every role, hostile inputs', { timeout: 180_000 }, () => {
  let dashboard: TestDashboard;
  const headersOf: Record<TRole, Record<string, string>> = {
    admin: {},
    viewer: {},
    agent: {},
    anonymous: {},
  };
  const knownIds: string[] = [];

  beforeAll(async () => {
    dashboard = await startTestDashboard();
    headersOf.admin = { cookie: await dashboard.signIn('admin') };
    headersOf.viewer = { cookie: await dashboard.signIn('viewer') };
    const credential = await dashboard.agentCredential('fuzz-host/SIPS_FUZZ');
    headersOf.agent = { authorization: `Bearer ${credential}` };
    const host = await dashboard.prisma.host.findFirstOrThrow({ where: { key: 'fuzz-host/SIPS_FUZZ' } });
    knownIds.push(host.id);
  });
  afterAll(async () => {
    await dashboard?.dispose();
  });

  async function send(procedure: TProcedure, role: TRole, input: unknown, batch: boolean): Promise<TOutcome> {
    const serialized = serialize(input);
    const base = `${dashboard.url}/api/trpc/${batch ? `${procedure.path},${procedure.path}` : procedure.path}`;
    const wire = batch ? { 0: serialized, 1: serialized } : serialized;
    const query = batch ? '?batch=1' : '';
    const headers = { ...headersOf[role], 'content-type': 'application/json' };
    // A subscription streams until aborted; its answer (or refusal) is in the status and first bytes.
    const signal = AbortSignal.timeout(procedure.type === 'subscription' ? 1_500 : 20_000);
    try {
      const response =
        procedure.type === 'mutation'
          ? await fetch(`${base}${query}`, { method: 'POST', headers, body: JSON.stringify(wire), signal })
          : await fetch(
              `${base}${query}${query ? '&' : '?'}input=${encodeURIComponent(JSON.stringify(wire))}`,
              { headers, signal },
            );
      const body = await response.text().catch(() => '(stream cut by the test)');
      return { status: response.status, body };
    } catch (error) {
      if (signal.aborted && procedure.type === 'subscription') return { status: 200, body: '(streaming)' };
      throw error;
    }
  }

  /**
   * superjson's shape; its own serializer refuses prototype keys, so those go as plain JSON. Some
   * calls carry a hostile `meta` (superjson's type annotations), which the server must not trust.
   */
  function serialize(input: unknown): unknown {
    if (isHostileMeta(input)) return input.wire;
    try {
      return wireTransformer.serialize(input);
    } catch {
      const plain = JSON.stringify(input, (_key, value) =>
        typeof value === 'bigint' ? value.toString() : value,
      );
      return { json: plain === undefined ? null : JSON.parse(plain) };
    }
  }

  function inputFor(procedure: TProcedure, random: TRandom): unknown {
    if (random.chance(0.03)) return hostileMeta(random);
    if (!procedure.schema || random.chance(0.2)) return edgeValue(random);
    const valid = validishValue(procedure.schema, random, knownIds);
    // A few unchanged valid inputs, the rest with one hostile leaf (sometimes two).
    if (random.chance(0.1)) return valid;
    const once = mutateOnce(valid, random);
    return random.chance(0.25) ? mutateOnce(once, random) : once;
  }

  it('answers every call below 500, with a code and message only', async () => {
    // The dashboard logs each unexpected failure with its cause: shown with the failures, if any.
    const logged: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
      logged.push(
        parts
          .map((part) => (part instanceof Error ? `${part.name}: ${part.message}` : String(part)))
          .join(' '),
      );
    });
    const random = seededRandom(SEED);
    const calls: { procedure: TProcedure; role: TRole; input: unknown; batch: boolean }[] = [];
    for (const procedure of procedures()) {
      for (const role of ROLES) {
        // An agent's own stream with a valid input never ends: only hostile inputs for it.
        const hostileOnly = role === 'agent' && procedure.type === 'subscription';
        for (let i = 0; i < CALLS_PER_PROCEDURE[role]; i++) {
          const input = hostileOnly ? edgeValue(random) : inputFor(procedure, random);
          calls.push({
            procedure,
            role,
            input,
            batch: procedure.type !== 'subscription' && random.chance(0.05),
          });
        }
      }
    }

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < calls.length) {
        const call = calls[next++]!;
        const { status, body } = await send(call.procedure, call.role, call.input, call.batch);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const leak = internalsIn(body);
        if (status >= 500 || leak) {
          const shown = JSON.stringify(serialize(call.input))?.slice(0, 300);
          failures.push(
            `${call.role} ${call.procedure.path}${call.batch ? ' (batch)' : ''} → ${status}${leak ? ` shows ${leak}` : ''}: ${body.slice(0, 300)} — input ${shown}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));
    const seconds = (Date.now() - started) / 1_000;
    console.info(
      `[fuzz] ${calls.length} calls in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );

    if (failures.length) console.info(`[fuzz] server log:\n${logged.join('\n').slice(0, 5_000)}`);
    expect(failures).toEqual([]);
    expect(calls.length).toBeGreaterThan(3_000);
    // The inputs reached the services: answers besides refusals of the input or the caller.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
    expect(statuses.get(404) ?? 0).toBeGreaterThan(10);
    // And the dashboard still answers normally afterwards.
    const health = await fetch(`${dashboard.url}/api/health`);
    expect(health.status).toBe(200);
  });
});
