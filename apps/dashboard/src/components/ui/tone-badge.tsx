import type { ReactNode } from 'react';

import type { TTone } from '@/lib/tone';

export type { TTone };

const TONES: Record<TTone, string> = {
  neutral: 'bg-slate-100 text-slate-700 ring-slate-500/20',
  info: 'bg-sky-100 text-sky-800 ring-sky-600/20',
  success: 'bg-emerald-100 text-emerald-800 ring-emerald-600/20',
  warning: 'bg-amber-100 text-amber-900 ring-amber-600/30',
  danger: 'bg-red-100 text-red-800 ring-red-600/20',
};

/** A small label; the words carry the meaning, the color only repeats it. */
export function ToneBadge({
  tone,
  children,
  title,
  testId,
}: {
  tone: TTone;
  children: ReactNode;
  title?: string;
  testId?: string;
}) {
  return (
    <span
      title={title}
      data-testid={testId}
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}
