import type { TEffectiveOptions } from '../option-catalog';
import { resolveEffectiveOptions, type TInvalidOptionValue } from '../option-values';
import type { THostStatus, TSipServerMode } from '../status';
import { parseVersion, supportsBackupInitCheck, type TVersionParseResult } from '../version';
import type { TFinding } from './finding';

/** What one host tells about itself. Options are as written in its options file (configured). */
export interface THostFindingsInput {
  mode: TSipServerMode;
  version: string;
  sameHost: boolean;
  /** The [TServer] section as written; absent keys undefined. */
  configuredOptions: Readonly<Record<string, string | undefined>>;
  /** Past runs' time until the components were ready, in ms (the slowest component per run is the useful one). */
  observedStartupMs?: readonly number[];
  lastCheck?: { status: THostStatus; since: Date };
  /** Set while configured options wait for a SIP Server restart. */
  pendingRestartSince?: Date;
  /** The agent's clock minus the dashboard's (ms), as last measured; absent when never measured. */
  agentClockSkewMs?: number;
  /** What the active baseline wants on this host (resolveBaselineOptions); absent without a baseline. */
  baselineOptions?: Readonly<Record<string, string>>;
  now: Date;
}

/** The input plus what every rule would otherwise recompute. */
export interface THostFindingContext {
  input: THostFindingsInput;
  effective: TEffectiveOptions;
  invalid: readonly TInvalidOptionValue[];
  version: TVersionParseResult;
  supportsCheck: boolean;
}

/** One finding rule: looks at the context, returns zero or more findings. */
export type THostFindingRule = (context: THostFindingContext) => TFinding[];

export function buildHostFindingContext(input: THostFindingsInput): THostFindingContext {
  const { effective, invalid } = resolveEffectiveOptions(input.configuredOptions);
  return {
    input,
    effective,
    invalid,
    version: parseVersion(input.version),
    supportsCheck: supportsBackupInitCheck(input.version),
  };
}
