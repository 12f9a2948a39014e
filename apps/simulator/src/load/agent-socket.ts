/**
 * What a simulated agent needs of its socket.io connection to the dashboard's `/agent` namespace.
 * The caller supplies it (tests/bench wraps socket.io-client), so the generator stays transport-free.
 */
export interface LoadAgentSocket {
  /** Emits one event and resolves with the server's ack; rejects after `timeoutMs` or on disconnect. */
  request(event: 'hello' | 'check:finished', payload: unknown, timeoutMs: number): Promise<unknown>;
  close(): void;
}

/** Opens one agent connection, authenticated with the agent's own credential. */
export type ConnectLoadAgentSocket = (dashboardUrl: string, credential: string) => Promise<LoadAgentSocket>;
