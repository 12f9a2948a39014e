import type { THostStatus } from '@standby/domain';
import type { TTone } from './tone';

export const HOST_STATUS_INFO: Record<THostStatus, { label: string; tone: TTone; description: string }> = {
  RUNNING: {
    label: 'RUNNING',
    tone: 'success',
    description: 'The latest check passed (or did not apply): the SIP Server runs normally.',
  },
  SERVICE_UNAVAILABLE: {
    label: 'SERVICE_UNAVAILABLE',
    tone: 'danger',
    description: 'The latest check failed: this backup would not serve if promoted now.',
  },
  INITIALIZING: {
    label: 'INITIALIZING',
    tone: 'warning',
    description: 'A check is running: the components are initializing.',
  },
  UNKNOWN: {
    label: 'UNKNOWN',
    tone: 'neutral',
    description: 'No recent data: the agent is offline or has not reported.',
  },
};
