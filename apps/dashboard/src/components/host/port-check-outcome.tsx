import type { TPortCheck } from '@standby/protocol';
import type { TTone } from '@/lib/tone';
import { ToneBadge } from '../ui/tone-badge';

const TONES: Record<TPortCheck['state'], TTone> = {
  passed: 'success',
  failed: 'danger',
  skipped: 'neutral',
  'not-run': 'neutral',
};

const WORDS: Record<TPortCheck['state'], string> = {
  passed: 'opened and closed at once',
  failed: 'could not be opened',
  skipped: 'skipped',
  'not-run': 'not run',
};

/** The SIP port check: whether the backup could open its port, and why not (rules 5-6). */
export function PortCheckOutcome({ portCheck }: { portCheck: TPortCheck }) {
  const where = portCheck.port ? `${portCheck.address || 'all addresses'}:${portCheck.port}` : null;
  return (
    <div
      className="flex flex-wrap items-baseline gap-2 text-sm"
      data-testid="port-check"
      data-state={portCheck.state}
    >
      <span className="text-xs font-medium text-slate-700">SIP port check</span>
      <ToneBadge tone={TONES[portCheck.state]}>{portCheck.state}</ToneBadge>
      <span className="text-xs text-slate-600">
        {where ? <code>{where}</code> : null} {WORDS[portCheck.state]}
        {portCheck.reason ? ` — ${portCheck.reason}` : ''}
      </span>
    </div>
  );
}
