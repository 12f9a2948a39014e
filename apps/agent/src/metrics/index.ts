export { AgentMetrics, type AgentMetricsOptions, type LinkView } from './agent-metrics';
export { type AgentMetricsServer, startAgentMetricsServer } from './metrics-server';
