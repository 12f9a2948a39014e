export { ADDRESS_SIGN_IN_RULE, CLIENT_IP_HEADER, createAuth, type StandbyAuth } from './auth/create-auth';
export { AUTH_ROUTE_NOT_FOUND, isPublicAuthRoute } from './auth/http-surface';
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './auth/password-rule';
export { isRole, ROLES, type Role } from './auth/roles';
export { ACCOUNT_SIGN_IN_RULE } from './auth/sign-in-throttle';
export { databaseInputRefusal, isDatabaseInputError } from './database-input-errors';
export { buildOpenApiDocument, REST_API_BASE_PATH } from './openapi-document';
export { type AppRouter, appRouter } from './root';
export { recordAgentClockSkew } from './services/agent-clock-skew';
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
export { type ApiTokenGrant, authenticateApiToken } from './services/api-tokens';
export { recordAudit } from './services/audit-log';
export { markCheckStarted, recordCheckProgress, recordLateReadiness } from './services/check-progress';
export {
  authenticateAgent,
  createEnrollmentToken,
  DEFAULT_ENROLL_LIMITS,
  enrollAgent,
  revokeAgent,
  type TEnrollLimits,
} from './services/enrollment';
export { issueFirstAdminSetupToken } from './services/first-admin-setup';
export { exportFleetAudit, type TFleetAuditFormat } from './services/fleet-audit-export';
export { countConnectedAgents } from './services/fleet-overview';
export { toHostSummary } from './services/host-summary';
export { IngestBatcher } from './services/ingest-batcher';
export { readLiveHostSummaries } from './services/live-host-summaries';
export {
  DashboardMetrics,
  type DashboardMetricsOptions,
  type FleetSnapshot,
  readFleetSnapshot,
  type TIngestOutcome,
} from './services/metrics';
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
export { consumeRateLimit, type TRateLimit } from './services/rate-limit';
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
export {
  CLOCK_SKEW_ALLOWANCE_MS,
  clampAgentTime,
  judgeResultTimes,
  MAX_RESULT_AGE_MS,
} from './services/result-time-window';
export { pruneCheckRuns } from './services/retention';
export { advanceRunningRollouts } from './services/rollouts';
export { type CheckResultToStore, storeCheckResults } from './services/store-check-results';
export { createUser } from './services/users';
export type { AuthenticatedAgent, CommandBus, HostChange, SessionUser } from './trpc';
export { type ApiContext, createCallerFactory } from './trpc';
export {
  appCodeOf,
  describeIssues,
  formatErrorShape,
  isUnexpectedError,
  type TClientErrorShape,
} from './trpc-errors';
