/** The SIP Server's current role (mode) in its pair; backups are what the check is about. */
export function RoleLabel({ mode }: { mode: string }) {
  if (mode === 'backup') return <span className="font-medium text-slate-900">Backup</span>;
  if (mode === 'primary') return <span className="text-slate-600">Primary</span>;
  return <span className="text-slate-400">{mode || 'unknown'}</span>;
}
