import type { THostStatus } from '@standby/domain';
import type { TTone } from './tone';

export const HOST_STATUS_INFO: Record<THostStatus, { label: string; tone: TTone; description: string }> = {
  RUNNING: {
    label: 'RUNNING',
    tone: 'success',
    description:
      'The SIP Server reports it runs. For a backup, the verdict says whether a check verified it would serve.',
  },
  SERVICE_UNAVAILABLE: {
    label: 'SERVICE_UNAVAILABLE',
    tone: 'danger',
    description: 'The latest check failed: the SIP Server reports it cannot serve.',
  },
  INITIALIZING: {
    label: 'INITIALIZING',
    tone: 'warning',
    description: 'A start check is running: the components are initializing.',
  },
  UNKNOWN: {
    label: 'UNKNOWN',
    tone: 'neutral',
    description: 'No recent data: the agent is offline or has not reported.',
  },
};
