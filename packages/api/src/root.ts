import { adminRouter } from './routers/admin';
import { agentRouter } from './routers/agent';
import { alertsRouter } from './routers/alerts';
import { auditRouter } from './routers/audit';
import { baselineRouter } from './routers/baseline';
import { changesRouter } from './routers/changes';
import { commandsRouter } from './routers/commands';
import { findingsRouter } from './routers/findings';
import { fleetRouter } from './routers/fleet';
import { hostRouter } from './routers/host';
import { pairRouter } from './routers/pair';
import { rolloutsRouter } from './routers/rollouts';
import { sessionRouter } from './routers/session';
import { tokensRouter } from './routers/tokens';
import { createRouter } from './trpc';

export const appRouter = createRouter({
  fleet: fleetRouter,
  pair: pairRouter,
  host: hostRouter,
  findings: findingsRouter,
  changes: changesRouter,
  audit: auditRouter,
  session: sessionRouter,
  commands: commandsRouter,
  admin: adminRouter,
  agent: agentRouter,
  alerts: alertsRouter,
  tokens: tokensRouter,
  rollouts: rolloutsRouter,
  baseline: baselineRouter,
});

export type AppRouter = typeof appRouter;
