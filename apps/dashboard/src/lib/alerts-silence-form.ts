import { FLEET_SCOPE_DRAFT, scopeFromDraft, type TScopeDraft } from './alerts-scope';

export interface TSilenceFormState {
  scope: TScopeDraft;
  /** From now, or from `startsAt`. */
  startMode: 'now' | 'scheduled';
  /** `datetime-local` values (the browser's time zone). */
  startsAt: string;
  endsAt: string;
  reason: string;
}

const HOUR_MS = 60 * 60 * 1000;

/** Quick ends offered beside the end field. */
export const SILENCE_DURATIONS = [
  { label: '1 hour', ms: HOUR_MS },
  { label: '4 hours', ms: 4 * HOUR_MS },
  { label: '1 day', ms: 24 * HOUR_MS },
  { label: '1 week', ms: 7 * 24 * HOUR_MS },
] as const;

/** A `datetime-local` value for a moment, in the browser's time zone (minutes). */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A `datetime-local` value as a Date (local time); undefined when empty, an invalid Date when unreadable. */
export function fromLocalInput(value: string): Date | undefined {
  if (!value.trim()) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return new Date(Number.NaN);
  const [, y, mo, d, h, mi, s] = match;
  return new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0));
}

export function initialSilenceForm(now: number, scope: TScopeDraft = FLEET_SCOPE_DRAFT): TSilenceFormState {
  return {
    scope,
    startMode: 'now',
    startsAt: toLocalInput(new Date(now)),
    endsAt: toLocalInput(new Date(now + HOUR_MS)),
    reason: '',
  };
}

/** When the silence starts, as the form says (now: `now`). */
export function silenceStart(form: TSilenceFormState, now: number): Date | undefined {
  return form.startMode === 'now' ? new Date(now) : fromLocalInput(form.startsAt);
}

/** The end `ms` after the start (or after now, when the start is not readable). */
export function endAfter(form: TSilenceFormState, ms: number, now: number): string {
  const start = silenceStart(form, now);
  const from = start && !Number.isNaN(start.getTime()) ? start.getTime() : now;
  return toLocalInput(new Date(from + ms));
}

/** The create input (ZAlertSilenceCreateSchema's shape), before validation. */
export function silenceCreateInput(form: TSilenceFormState, now: number): Record<string, unknown> {
  return {
    scope: scopeFromDraft(form.scope),
    startsAt: silenceStart(form, now),
    endsAt: fromLocalInput(form.endsAt),
    reason: form.reason,
  };
}
