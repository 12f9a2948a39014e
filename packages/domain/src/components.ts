/** The four internal components a backup SIP Server must initialize (`four-components-within-timeout`). */
export const COMPONENT_NAMES = [
  't-controller',
  'smart-proxy',
  'interaction-proxy',
  'operational-info',
] as const;
export type TComponentName = (typeof COMPONENT_NAMES)[number];

export const COMPONENT_LABELS: Record<TComponentName, string> = {
  't-controller': 'T-Controller',
  'smart-proxy': 'Smart Proxy',
  'interaction-proxy': 'Interaction Proxy',
  'operational-info': 'Operational Information thread',
};

export const COMPONENT_STATES = ['ready', 'timeout', 'failed', 'skipped'] as const;
export type TComponentState = (typeof COMPONENT_STATES)[number];

/** One component's outcome in a check run; readyAfterMs counts from the start of the check. */
export interface TComponentResult {
  name: TComponentName;
  state: TComponentState;
  readyAfterMs?: number;
  detail?: string;
}
