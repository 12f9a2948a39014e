import type { TProbeSpec } from '@standby/protocol';
import { commandProbe } from './command-probe';
import { fileProbe } from './file-probe';
import { httpProbe } from './http-probe';
import { logProbe } from './log-probe';
import { type ActiveProbe, AT_SIP_SERVER_START, type ProbeContext, type ProbeKind } from './probe';
import { tcpProbe } from './tcp-probe';

/** Every probe kind, keyed by the config key that selects it. */
export const PROBE_REGISTRY = {
  tcp: tcpProbe,
  http: httpProbe,
  file: fileProbe,
  log: logProbe,
  command: commandProbe,
} satisfies Record<string, ProbeKind<never>>;

export type TProbeKindName = keyof typeof PROBE_REGISTRY;

/** A spec names its kind by its one registry key (`{ tcp: … }`, `{ log: …, match: … }`). */
export function probeKindOf(spec: TProbeSpec): TProbeKindName {
  const kind = Object.keys(spec).find((key): key is TProbeKindName => Object.hasOwn(PROBE_REGISTRY, key));
  if (!kind) throw new Error(`unknown probe: ${JSON.stringify(spec)}`);
  return kind;
}

export function startProbe(
  spec: TProbeSpec,
  context: ProbeContext = AT_SIP_SERVER_START,
): Promise<ActiveProbe> {
  const kind = PROBE_REGISTRY[probeKindOf(spec)] as ProbeKind<TProbeSpec>;
  return kind.start(spec, context);
}
