export function LiveIndicator({ live }: { live: boolean }) {
  return (
    <span
      role="status"
      className={`inline-flex items-center gap-1.5 text-xs ${live ? 'text-emerald-700' : 'text-slate-500'}`}
      data-testid="live-indicator"
    >
      <span aria-hidden="true">{live ? '●' : '○'}</span>
      {live ? 'live' : 'connecting…'}
    </span>
  );
}
