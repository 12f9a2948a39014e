import type { TFindingSeverity } from '@standby/domain';
import { findingWhy, SEVERITY_TONES } from '@/lib/finding-rule';
import { ToneBadge } from '../ui/tone-badge';

export interface TFindingItem {
  code: string;
  severity: TFindingSeverity;
  message: string;
  option?: string | null | undefined;
  suggestedValue?: string | null | undefined;
  rule?: string | undefined;
  source?: 'last-check' | 'dashboard';
}

/** Findings with their explanation, and what the option they are about does. */
export function FindingsList({
  findings,
  emptyText = 'No findings.',
}: {
  findings: TFindingItem[];
  emptyText?: string;
}) {
  if (findings.length === 0) return <p className="text-sm text-slate-500">{emptyText}</p>;
  return (
    <ul className="divide-y divide-slate-100" data-testid="findings">
      {findings.map((finding) => {
        const why = findingWhy(finding);
        return (
          <li
            key={`${finding.code}:${finding.option ?? ''}:${finding.message}`}
            className="py-2"
            data-testid="finding"
            data-code={finding.code}
          >
            <div className="flex flex-wrap items-center gap-2">
              <ToneBadge tone={SEVERITY_TONES[finding.severity]}>{finding.severity}</ToneBadge>
              <code className="text-xs text-slate-500">{finding.code}</code>
              {finding.option ? <code className="text-xs text-slate-700">{finding.option}</code> : null}
            </div>
            <p className="mt-1 text-sm">{finding.message}</p>
            {why ? (
              <p className="mt-0.5 text-xs text-slate-600" data-testid="finding-why">
                {finding.option}: {why}
              </p>
            ) : null}
            {finding.suggestedValue || finding.source ? (
              <p className="mt-0.5 text-xs text-slate-500">
                {finding.suggestedValue ? (
                  <>
                    Suggested value: <code>{finding.suggestedValue}</code>
                  </>
                ) : null}
                {finding.suggestedValue && finding.source ? ' · ' : null}
                {finding.source === 'last-check'
                  ? 'from the last check'
                  : finding.source === 'dashboard'
                    ? 'evaluated by the dashboard'
                    : null}
              </p>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
