/** Why a run's status is what it is, in the agent's words (each failing component, the port, ...). */
export function RunReasons({ reasons }: { reasons: readonly string[] }) {
  if (reasons.length === 0) return null;
  return (
    <ul className="list-disc space-y-0.5 pl-5 text-sm text-slate-700" data-testid="run-reasons">
      {reasons.map((reason) => (
        <li key={reason}>{reason}</li>
      ))}
    </ul>
  );
}
