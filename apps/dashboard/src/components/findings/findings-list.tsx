import type { TFindingSeverity } from '@standby/domain';
import { findingRule, SEVERITY_TONES } from '@/lib/finding-rule';
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

/** Findings with their explanation and the rule they cite (PRODUCT.md / the seed). */
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
        const rule = findingRule(finding);
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
            <p className="mt-0.5 text-xs text-slate-500">
              {rule ? <>Rule: {rule}</> : null}
              {finding.suggestedValue ? (
                <>
                  {rule ? ' · ' : ''}Suggested value: <code>{finding.suggestedValue}</code>
                </>
              ) : null}
              {finding.source ? (
                <>
                  {rule || finding.suggestedValue ? ' · ' : ''}
                  {finding.source === 'last-check' ? 'from the last check' : 'evaluated by the dashboard'}
                </>
              ) : null}
            </p>
          </li>
        );
      })}
    </ul>
  );
}
