import type { TOptionsMap } from '@standby/protocol';
import { summarizeCheckOptions } from '@/lib/options-summary';

/** The host's effective check options, in a few words (`sameHost`: the port check cannot work there). */
export function OptionsSummary({ options, sameHost }: { options: TOptionsMap; sameHost: boolean }) {
  return (
    <span className="flex flex-wrap gap-1">
      {summarizeCheckOptions(options, sameHost).map((item) => (
        <span
          key={item.title}
          title={item.title}
          className={`rounded px-1.5 py-0.5 text-xs ${item.on ? 'bg-sky-50 text-sky-900' : 'bg-slate-100 text-slate-500'}`}
        >
          {item.label}
        </span>
      ))}
    </span>
  );
}
