import { type TRolloutPlan, ZRolloutPlanSchema } from '@standby/protocol';

/** The "Roll out in waves" form as typed (strings: what the inputs hold). */
export interface TRolloutDraft {
  canary: string;
  canaryUnit: 'hosts' | 'percent';
  next: string;
  nextUnit: 'hosts' | 'percent';
  haltCount: string;
  haltPercent: string;
  timeoutMinutes: string;
  manualGo: boolean;
}

export const DEFAULT_ROLLOUT_DRAFT: TRolloutDraft = {
  canary: '1',
  canaryUnit: 'hosts',
  next: '25',
  nextUnit: 'percent',
  haltCount: '1',
  haltPercent: '',
  timeoutMinutes: '60',
  manualGo: false,
};

const FIELD_LABELS: Record<string, string> = {
  canary: 'Canary wave',
  next: 'Next waves',
  haltCount: 'Halt after N hosts',
  haltPercent: 'Halt after % of a wave',
  waveTimeoutSec: 'Wave timeout',
};

const numberOrUndefined = (text: string) => (text.trim() === '' ? undefined : Number(text.trim()));

/** The draft as the server's plan (the same schema), or the first problem, naming its field. */
export function rolloutPlanOf(draft: TRolloutDraft): { plan: TRolloutPlan } | { error: string } {
  const minutes = numberOrUndefined(draft.timeoutMinutes);
  const parsed = ZRolloutPlanSchema.safeParse({
    canary: { unit: draft.canaryUnit, value: numberOrUndefined(draft.canary) },
    next: { unit: draft.nextUnit, value: numberOrUndefined(draft.next) },
    haltCount: numberOrUndefined(draft.haltCount),
    haltPercent: numberOrUndefined(draft.haltPercent),
    waveTimeoutSec: minutes === undefined ? undefined : Math.round(minutes * 60),
    manualGo: draft.manualGo,
  });
  if (parsed.success) return { plan: parsed.data };
  const issue = parsed.error.issues[0];
  const field = FIELD_LABELS[String(issue?.path[0] ?? '')] ?? 'Rollout';
  return { error: `${field}: ${issue?.message ?? 'invalid'}` };
}
