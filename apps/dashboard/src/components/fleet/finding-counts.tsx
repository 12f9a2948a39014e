import type { THostSummary } from '@standby/protocol';

export function FindingCounts({ findings }: { findings: THostSummary['findings'] }) {
  if (findings.critical + findings.warning + findings.info === 0)
    return <span className="text-slate-400">none</span>;
  return (
    <span className="flex flex-wrap gap-x-2">
      {findings.critical ? (
        <span className="font-medium text-red-700">{findings.critical} critical</span>
      ) : null}
      {findings.warning ? <span className="text-amber-800">{findings.warning} warning</span> : null}
      {findings.info ? <span className="text-slate-600">{findings.info} info</span> : null}
    </span>
  );
}
