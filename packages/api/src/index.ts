export { type AppRouter, appRouter } from './root';
export { countConnectedAgents, getHostSummaries, listFleetHosts } from './services/fleet-overview';
export { toHostSummary } from './services/host-summary';
export {
  markAgentDisconnected,
  registerAgentHost,
  resetConnectionsOfNode,
} from './services/register-agent-host';
export { storeCheckResult } from './services/store-check-result';
export { type ApiContext, createCallerFactory } from './trpc';
