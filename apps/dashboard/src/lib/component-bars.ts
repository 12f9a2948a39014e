import { COMPONENT_LABELS, COMPONENT_NAMES, type TComponentName } from '@standby/domain';
import type { TComponentResult } from '@standby/protocol';
import { formatDuration } from './format';

export interface TComponentBar {
  name: TComponentName;
  label: string;
  state: TComponentResult['state'];
  /** Share of the timeout the component took to be ready (1: the whole timeout, never ready). */
  fraction: number;
  /** Not ready by the timeout, or failed: what makes the check fail (`four-components-within-timeout`). */
  bad: boolean;
  text: string;
}

/** Each component's time to ready against the run's timeout, in the seed's order. */
export function toComponentBars(
  components: readonly TComponentResult[],
  timeoutSec: number,
): TComponentBar[] {
  const byName = new Map(components.map((component) => [component.name, component]));
  return COMPONENT_NAMES.flatMap((name): TComponentBar[] => {
    const component = byName.get(name);
    return component ? [toBar(component, timeoutSec)] : [];
  });
}

function toBar(component: TComponentResult, timeoutSec: number): TComponentBar {
  const timeoutMs = Math.max(1, timeoutSec * 1_000);
  const detail = component.detail ? `: ${component.detail}` : '';
  const base = { name: component.name, label: COMPONENT_LABELS[component.name], state: component.state };
  switch (component.state) {
    case 'ready': {
      const ms = component.readyAfterMs ?? 0;
      const text = `ready after ${formatDuration(ms)} of ${timeoutSec} s`;
      return { ...base, fraction: Math.min(1, ms / timeoutMs), bad: false, text };
    }
    case 'timeout': {
      // Readiness observed after the deadline: the run still failed, but the real startup time is known.
      const late =
        component.readyAfterMs != null ? `; ready only after ${formatDuration(component.readyAfterMs)}` : '';
      return {
        ...base,
        fraction: 1,
        bad: true,
        text: `not ready within ${timeoutSec} s (timeout)${late}${detail}`,
      };
    }
    case 'failed': {
      const fraction = Math.min(1, (component.readyAfterMs ?? timeoutMs) / timeoutMs);
      return { ...base, fraction, bad: true, text: `failed${detail}` };
    }
    case 'skipped':
      return { ...base, fraction: 0, bad: false, text: `skipped${detail}` };
  }
}
