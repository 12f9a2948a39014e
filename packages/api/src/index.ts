export { CLIENT_IP_HEADER, createAuth, type StandbyAuth } from './auth/create-auth';
export { isRole, ROLES, type Role } from './auth/roles';
export { type AppRouter, appRouter } from './root';
export {
  alertPublicUrl,
  alertSettings,
  DEFAULT_ALERT_SETTINGS,
  setAlertPublicUrl,
  type TAlertSettings,
  type TAlertWorkerContext,
} from './services/alerts/alert-settings';
export { deliverDueAlerts } from './services/alerts/deliver-alerts';
export { dispatchDueAlerts } from './services/alerts/dispatch-alerts';
export { recordEnrollmentFailure } from './services/alerts/enrollment-failure';
export { pruneFleetEventMarks, readFleetEvents } from './services/alerts/fleet-events';
export { reconcileAlertConditions } from './services/alerts/reconcile-alerts';
export { silencesForHosts } from './services/alerts/silences';
export { recordAudit } from './services/audit-log';
export { markCheckStarted, recordCheckProgress, recordLateReadiness } from './services/check-progress';
export { authenticateAgent, createEnrollmentToken, enrollAgent, revokeAgent } from './services/enrollment';
export { issueFirstAdminSetupToken } from './services/first-admin-setup';
export { exportFleetAudit, type TFleetAuditFormat } from './services/fleet-audit-export';
export { countConnectedAgents } from './services/fleet-overview';
export { toHostSummary } from './services/host-summary';
export { IngestBatcher } from './services/ingest-batcher';
export { readLiveHostSummaries } from './services/live-host-summaries';
export {
  NODE_LEASE_MS,
  reapDeadNodes,
  releaseGoneConnections,
  releaseNodeAgents,
  releaseNodeLease,
  renewNodeLease,
  sweepDueVerdicts,
} from './services/node-lease';
export { ALL_AGENTS, PgCommandBus } from './services/pg-command-bus';
export {
  pgTransactions,
  prismaQueryable,
  prismaTransactions,
  refreshHostVerdicts,
  refreshHostVerdictsWithin,
} from './services/refresh-host-verdicts';
export {
  connectionName,
  markAgentDisconnected,
  registerAgentHost,
} from './services/register-agent-host';
export { pruneCheckRuns } from './services/retention';
export { type CheckResultToStore, storeCheckResults } from './services/store-check-results';
export { createUser } from './services/users';
export type { AuthenticatedAgent, CommandBus, HostChange, SessionUser } from './trpc';
export { type ApiContext, createCallerFactory } from './trpc';
export { appCodeOf, isUnexpectedError, type TClientErrorShape } from './trpc-errors';
