// The agent's command path (tRPC client, durable command subscription, on-disk ledger), for the
// simulator's rollout fleet, which drives the real thing rather than a copy.
export { type AgentTrpcClient, createAgentTrpcClient } from './agent-trpc-client';
export { CommandChannel, type CommandHandlers } from './command-channel';
export { CommandLedger } from './command-ledger';
// The agent's fetch for an https:// dashboard (its CA and client certificate): the simulator and tests.
export { createDashboardFetch } from './dashboard-fetch';
export { type DashboardTls, describeTlsFailure, loadDashboardTls } from './dashboard-tls';
