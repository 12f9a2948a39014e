/** Whether the host's agent is connected; "offline" never contains the word "connected". */
export function AgentConnection({ connected }: { connected: boolean }) {
  return connected ? (
    <span className="text-emerald-800">connected</span>
  ) : (
    <span className="text-slate-500">
      <span aria-hidden="true">⨯ </span>offline
    </span>
  );
}
