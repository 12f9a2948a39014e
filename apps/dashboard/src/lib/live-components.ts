import { COMPONENT_LABELS, COMPONENT_NAMES, type TComponentName } from '@standby/domain';
import type { THostDetail } from '@standby/protocol';
import { formatDuration } from './format';
import type { TTone } from './tone';

export interface TLiveComponentRow {
  name: TComponentName;
  label: string;
  state: 'waiting' | THostDetail['host']['liveComponents'][number]['state'];
  stateText: string;
  /** A character that tells the state without colour. */
  mark: string;
  tone: TTone;
}

/** Every component of a check in progress, in the seed's order: those not reported yet are waiting. */
export function toLiveComponentRows(live: THostDetail['host']['liveComponents']): TLiveComponentRow[] {
  const byName = new Map(live.map((component) => [component.name, component]));
  return COMPONENT_NAMES.map((name): TLiveComponentRow => {
    const label = COMPONENT_LABELS[name];
    const component = byName.get(name);
    if (!component)
      return { name, label, state: 'waiting', stateText: 'waiting', mark: '…', tone: 'neutral' };
    switch (component.state) {
      case 'ready':
        return {
          name,
          label,
          state: 'ready',
          stateText:
            component.readyAfterMs == null
              ? 'ready'
              : `ready after ${formatDuration(component.readyAfterMs)}`,
          mark: '✓',
          tone: 'success',
        };
      case 'timeout':
        return { name, label, state: 'timeout', stateText: 'not ready in time', mark: '⨯', tone: 'danger' };
      case 'failed':
        return { name, label, state: 'failed', stateText: 'failed', mark: '⨯', tone: 'danger' };
      default:
        return { name, label, state: 'skipped', stateText: 'skipped', mark: '–', tone: 'neutral' };
    }
  });
}
