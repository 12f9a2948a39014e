// The many-agent load generator, as the benchmarks drive it.
export type { ConnectLoadAgentSocket, LoadAgentSocket } from './agent-socket';
export {
  ACK_TIMEOUT_MS,
  type ConnectedLoadAgent,
  type LoadRecorder,
  runClosedLoop,
} from './closed-loop-agent';
export { connectAndGreet, connectLoadAgents, type LoadAgentCredential, runIngestLoad } from './ingest-load';
export { buildLoadHello, loadAgentIdentity } from './load-hello';
export type { THostEmits, TIngestLoadStats, TLoadWindow } from './load-stats';
export { type RunningRolloutFleet, startRolloutFleet } from './rollout-fleet';
export { runConcurrently } from './run-concurrently';
export { buildSyntheticResult, SYNTHETIC_OPTIONS } from './synthetic-result';
