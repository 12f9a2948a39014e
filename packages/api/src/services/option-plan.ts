import type { PrismaClient } from '@standby/db';
import {
  buildPairDriftFindings,
  evaluateHostFindings,
  findPairOptionDrift,
  resolveEffectiveOptions,
  SIP_SERVER_MODES,
  type TFinding,
  type TOptionName,
  type TSipServerMode,
  validateOptionValues,
} from '@standby/domain';
import {
  AppError,
  type TCommandTarget,
  type TOptionsMap,
  type TPlannedOptionChange,
  ZSetOptionsPayloadSchema,
} from '@standby/protocol';
import {
  listTargetHostKeys,
  readPlanningHosts,
  type TPlanningHostRow,
  type TTargetHostKey,
} from './option-targets';
import { readOptionsMap } from './stored-json';

/** One target host as a change would find it, and what the change would do to it. */
export interface TPlannedHost {
  hostId: string;
  hostname: string;
  application: string;
  pairName: string | null;
  /** The options file as the agent last read it. */
  configured: TOptionsMap;
  /** What the running SIP Server started with. */
  effective: TOptionsMap;
  /** Values sent but not yet acknowledged (pending or delivered commands), applied in order. */
  queued: TOptionsMap;
  /** The values that differ from what the host will have once its queued changes apply; empty: unchanged. */
  changes: TPlannedOptionChange[];
  /** Findings the new values would raise that the host does not have with its current (and queued) values. */
  findingsAfter: TFinding[];
}

export interface TOptionPlan {
  /** Hosts the change would send values to, by host name. */
  hosts: TPlannedHost[];
  /** Target hosts that already have (or will have) every value. */
  unchanged: number;
}

export interface TOptionPlanRequest {
  target: TCommandTarget;
  values: Readonly<Record<string, string>>;
  /** Also judge the findings the new values would raise (the dry run shows them; a write does not need them). */
  withFindings?: boolean;
}

/**
 * The one per-host planning of an option change: the dry run shows it, requestOptionChange writes it, so
 * the two agree by construction. Reads only. Values are validated and normalized first (an invalid one
 * refuses the whole request, naming it).
 */
export async function planOptionChange(
  prisma: PrismaClient,
  request: TOptionPlanRequest,
): Promise<TOptionPlan> {
  const { values } = validateRequestedValues(request.values);
  const keys = await listTargetHostKeys(prisma, request.target);
  if (keys.length === 0) throw new AppError('BAD_REQUEST', 'No host matches the target.');
  const planned = await planHosts(prisma, keys, values, targetIdSet(request.target, keys), {
    withFindings: request.withFindings ?? true,
  });
  const hosts = planned.filter((host) => host.changes.length > 0);
  return { hosts, unchanged: planned.length - hosts.length };
}

/**
 * Plans the given target hosts (a page of them, or all) in the given order. `targetIds`: every host of
 * the target, so a pair partner's drift is judged on its own new values when the change reaches it too.
 */
export async function planHosts(
  prisma: PrismaClient,
  keys: readonly TTargetHostKey[],
  values: Readonly<Record<string, string>>,
  targetIds: ReadonlySet<string>,
  { withFindings = true }: { withFindings?: boolean } = {},
): Promise<TPlannedHost[]> {
  const rows = await readPlanningHosts(
    prisma,
    keys.map((key) => key.id),
  );
  const peerIds = rows.flatMap((row) => (row.peerId ? [row.peerId] : []));
  const queued = await queuedOptionValues(prisma, [...rows.map((row) => row.id), ...peerIds]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  // A fleet has few distinct configurations: each is evaluated once per plan.
  const memo: TFindingsMemo = new Map();
  // A host deleted between the two reads is simply not planned.
  return keys.flatMap((key) => {
    const row = byId.get(key.id);
    return row ? [planHost(row, values, queued, targetIds, withFindings ? memo : undefined)] : [];
  });
}

function planHost(
  row: TPlanningHostRow,
  values: Readonly<Record<string, string>>,
  queued: ReadonlyMap<string, TOptionsMap>,
  targetIds: ReadonlySet<string>,
  /** Absent: findings are not judged (findingsAfter stays empty). */
  memo: TFindingsMemo | undefined,
): TPlannedHost {
  const configured = readOptionsMap(row.configuredOptions);
  const hostQueued = queued.get(row.id) ?? {};
  // Compared with what the host will have once its queued changes apply: reverting a change the agent
  // has not received yet must send the revert, not be "unchanged".
  const before = { ...configured, ...hostQueued };
  const changes = Object.entries(values).flatMap(([option, to]) => {
    const from = before[option] ?? null;
    return from === to ? [] : [{ option, from, to }];
  });
  const after = { ...before, ...Object.fromEntries(changes.map((change) => [change.option, change.to])) };
  return {
    hostId: row.id,
    hostname: row.hostname,
    application: row.application,
    pairName: row.pairName,
    configured,
    effective: readOptionsMap(row.effectiveOptions),
    queued: hostQueued,
    changes,
    findingsAfter:
      memo && changes.length ? newFindings(row, before, after, values, queued, targetIds, memo) : [],
  };
}

/**
 * The findings of the host's options after the change (once the SIP Server restarts with them) that it
 * does not have before: the domain's own finding rules, fed only the facts an option change can move,
 * and pair drift against the partner's next values (its own, or the new ones when the change reaches it).
 */
function newFindings(
  row: TPlanningHostRow,
  before: TOptionsMap,
  after: TOptionsMap,
  values: Readonly<Record<string, string>>,
  queued: ReadonlyMap<string, TOptionsMap>,
  targetIds: ReadonlySet<string>,
  memo: TFindingsMemo,
): TFinding[] {
  const mode = (SIP_SERVER_MODES as readonly string[]).includes(row.mode)
    ? (row.mode as TSipServerMode)
    : null;
  const findingsOf = (options: TOptionsMap, peerOptions: TOptionsMap | null): TFinding[] => [
    ...(mode
      ? memoized(memo, [mode, row.version, row.sameHost, options, row.startupSamples], () =>
          evaluateHostFindings({
            mode,
            version: row.version ?? '',
            sameHost: row.sameHost,
            configuredOptions: options,
            observedStartupMs: readNumbers(row.startupSamples),
            now: new Date(),
          }),
        )
      : []),
    ...(peerOptions && row.peerHostname
      ? buildPairDriftFindings(
          findPairOptionDrift(
            resolveEffectiveOptions(options).effective,
            resolveEffectiveOptions(peerOptions).effective,
          ),
          { a: row.hostname, b: row.peerHostname },
        )
      : []),
  ];
  const peerBefore = row.peerId
    ? { ...readOptionsMap(row.peerConfiguredOptions), ...queued.get(row.peerId) }
    : null;
  const peerAfter =
    peerBefore && row.peerId && targetIds.has(row.peerId) ? { ...peerBefore, ...values } : peerBefore;
  const known = new Set(findingsOf(before, peerBefore).map(findingKey));
  return findingsOf(after, peerAfter).filter((finding) => !known.has(findingKey(finding)));
}

type TFindingsMemo = Map<string, TFinding[]>;

function memoized(memo: TFindingsMemo, inputs: unknown[], evaluate: () => TFinding[]): TFinding[] {
  const key = JSON.stringify(inputs);
  let findings = memo.get(key);
  if (!findings) {
    findings = evaluate();
    memo.set(key, findings);
  }
  return findings;
}

/** A finding "the same" before and after: its code and option (its message may quote the new value). */
function findingKey(finding: TFinding): string {
  return `${finding.code}\u0000${finding.option ?? ''}`;
}

function readNumbers(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((item): item is number => typeof item === 'number') : [];
}

/** Every target host's id, for pair drift (a page is planned knowing whether the partner changes too). */
export function targetIdSet(target: TCommandTarget, keys: readonly TTargetHostKey[]): Set<string> {
  return target.kind === 'hosts' ? new Set(target.hostIds) : new Set(keys.map((key) => key.id));
}

/** Per host, the option values of its set-options commands not yet acked, applied in id order. */
export async function queuedOptionValues(
  prisma: PrismaClient,
  hostIds: readonly string[],
): Promise<Map<string, TOptionsMap>> {
  if (hostIds.length === 0) return new Map();
  // One array parameter rather than an IN list of thousands (the fleet-wide dry run).
  const commands = await prisma.$queryRaw<{ hostId: string; payload: unknown }[]>`
    SELECT "hostId"::text AS "hostId", payload FROM "AgentCommand"
    WHERE "hostId" = ANY(${[...hostIds]}::uuid[]) AND kind = 'set-options' AND state IN ('pending', 'delivered')
    ORDER BY id`;
  const byHost = new Map<string, TOptionsMap>();
  for (const command of commands) {
    // A payload that does not parse (a hand-edited row) cannot be delivered either: it changes nothing.
    const payload = ZSetOptionsPayloadSchema.safeParse(command.payload);
    if (payload.success)
      byHost.set(command.hostId, { ...byHost.get(command.hostId), ...payload.data.values });
  }
  return byHost;
}

/**
 * Refuses unknown options and invalid values (every refused key named); returns the values in the one
 * normalized form (domain validateOptionValues) and the restricted options among them.
 */
export function validateRequestedValues(values: Readonly<Record<string, string>>): {
  values: Record<string, string>;
  restricted: TOptionName[];
} {
  const validation = validateOptionValues(values);
  if (!validation.ok) {
    throw new AppError('BAD_REQUEST', `${validation.errors.map((error) => error.message).join('; ')}.`);
  }
  return { values: validation.values, restricted: validation.restricted };
}
