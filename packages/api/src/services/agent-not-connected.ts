import type { TFindingSeverity } from '@standby/domain';
import { AGENT_NOT_CONNECTED_CODE } from '@standby/protocol';

/**
 * The dashboard's own finding for a host it cannot hear from. The domain has no code for it: it is about
 * our link to the host, not about the host's configuration.
 */
export const AGENT_NOT_CONNECTED_FINDING = {
  code: AGENT_NOT_CONNECTED_CODE,
  severity: 'warning' satisfies TFindingSeverity,
  message: 'The agent is not connected: whether this backup would serve if promoted is unknown',
  rule: 'PRODUCT.md rule 7 (UNKNOWN for an offline agent) and Findings: an agent that has not reported',
} as const;
