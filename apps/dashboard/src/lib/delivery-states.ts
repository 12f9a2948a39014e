import type { TTone } from './tone';

/** States of an option change, as the server records them, in the order they happen. */
export const DELIVERY_STATES = [
  'pending',
  'delivered',
  'pending-restart',
  'rejected',
  'effective',
  'superseded',
] as const;

/** While a change is in one of these, the page polls for its next state. */
const IN_FLIGHT = new Set<string>(['pending', 'delivered']);

export function isInFlight(state: string): boolean {
  return IN_FLIGHT.has(state);
}

interface TDeliveryStateInfo {
  label: string;
  tone: TTone;
  description: string;
}

const INFO: Record<(typeof DELIVERY_STATES)[number], TDeliveryStateInfo> = {
  pending: { label: 'pending', tone: 'neutral', description: 'Waiting for the agent to take the command.' },
  delivered: {
    label: 'delivered',
    tone: 'info',
    description: 'The agent has the command and is applying it.',
  },
  'pending-restart': {
    label: 'pending restart',
    tone: 'warning',
    description: 'Written to the options file by the agent; takes effect when the SIP Server restarts.',
  },
  rejected: { label: 'rejected', tone: 'danger', description: 'The agent refused the change.' },
  effective: {
    label: 'effective',
    tone: 'success',
    description: 'The SIP Server restarted and uses the new value.',
  },
  superseded: {
    label: 'superseded',
    tone: 'neutral',
    description: 'Overridden before it took effect, by a later change (possibly one made outside Standby).',
  },
};

export function describeDeliveryState(state: string): TDeliveryStateInfo {
  return (
    (INFO as Record<string, TDeliveryStateInfo>)[state] ?? {
      label: state,
      tone: 'neutral',
      description: state,
    }
  );
}
