import type { TAuditFieldChange } from '@/lib/audit-log';

/** Field-by-field before → after (audit events, host events). */
export function BeforeAfter({ changes }: { changes: readonly TAuditFieldChange[] }) {
  if (changes.length === 0) return <span className="text-slate-400">—</span>;
  return (
    <ul className="space-y-0.5 font-mono text-xs">
      {changes.map((change) => (
        <li key={change.key || 'value'} className="break-all">
          {change.key ? `${change.key}: ` : ''}
          {change.before !== null ? <span className="text-slate-500">{change.before}</span> : null}
          {change.before !== null && change.after !== null ? ' → ' : null}
          {change.after !== null ? <strong className="font-medium">{change.after}</strong> : null}
        </li>
      ))}
    </ul>
  );
}
