import {
  ZAlertChannelCreateSchema,
  ZAlertChannelTestResultSchema,
  ZAlertChannelTestSchema,
  ZAlertChannelUpdateSchema,
  ZAlertChannelViewSchema,
  ZAlertDeliveryListSchema,
  ZAlertDeliveryPageSchema,
  ZAlertHistoryPageSchema,
  ZAlertHistoryQuerySchema,
  ZAlertListSchema,
  ZAlertPageSchema,
  ZAlertRuleCreateSchema,
  ZAlertRuleUpdateSchema,
  ZAlertRuleViewSchema,
  ZAlertSilenceCreateSchema,
  ZAlertSilenceListSchema,
  ZAlertSilenceViewSchema,
  ZHostSilenceSchema,
  zBigintId,
} from '@standby/protocol';
import { z } from 'zod';
import {
  listAlertDeliveries,
  listAlertHistory,
  listAlerts,
  retryAlertDelivery,
} from '../services/alerts/alert-history';
import { alertPublicUrl } from '../services/alerts/alert-settings';
import {
  createAlertChannel,
  deleteAlertChannel,
  listAlertChannels,
  testAlertChannel,
  updateAlertChannel,
} from '../services/alerts/channel-admin';
import {
  createAlertRule,
  deleteAlertRule,
  listAlertRules,
  updateAlertRule,
} from '../services/alerts/rule-admin';
import {
  createAlertSilence,
  endAlertSilence,
  listAlertSilences,
  silencesForHosts,
} from '../services/alerts/silences';
import { actorOf, adminProcedure, createRouter, operatorProcedure, viewerProcedure } from '../trpc';

const ZId = z.object({ id: z.uuid() });
const ZDeleted = z.object({ deleted: z.literal(true) });

/** Alerting (docs/ALERTS.md): channels and rules (admins), silences (operators), history (everyone). */
export const alertsRouter = createRouter({
  /** Every channel, secrets redacted for everyone. */
  channels: viewerProcedure
    .output(z.array(ZAlertChannelViewSchema))
    .query(({ ctx }) => listAlertChannels(ctx.prisma)),
  createChannel: adminProcedure
    .input(ZAlertChannelCreateSchema)
    .output(ZAlertChannelViewSchema)
    .mutation(({ ctx, input }) => createAlertChannel(ctx.prisma, input, actorOf(ctx.user, ctx.ip))),
  updateChannel: adminProcedure
    .input(ZAlertChannelUpdateSchema)
    .output(ZAlertChannelViewSchema)
    .mutation(({ ctx, input }) => updateAlertChannel(ctx.prisma, input, actorOf(ctx.user, ctx.ip))),
  deleteChannel: adminProcedure
    .input(ZId)
    .output(ZDeleted)
    .mutation(({ ctx, input }) => deleteAlertChannel(ctx.prisma, input.id, actorOf(ctx.user, ctx.ip))),
  /** Sends a `test` notice now and answers the receiver's result (a refusal is an answer, not an error). */
  testChannel: adminProcedure
    .input(ZAlertChannelTestSchema)
    .output(ZAlertChannelTestResultSchema)
    .mutation(({ ctx, input }) =>
      testAlertChannel(ctx.prisma, input, actorOf(ctx.user, ctx.ip), { publicUrl: alertPublicUrl() }),
    ),

  rules: viewerProcedure.output(z.array(ZAlertRuleViewSchema)).query(({ ctx }) => listAlertRules(ctx.prisma)),
  createRule: adminProcedure
    .input(ZAlertRuleCreateSchema)
    .output(ZAlertRuleViewSchema)
    .mutation(({ ctx, input }) => createAlertRule(ctx.prisma, input, actorOf(ctx.user, ctx.ip))),
  updateRule: adminProcedure
    .input(ZAlertRuleUpdateSchema)
    .output(ZAlertRuleViewSchema)
    .mutation(({ ctx, input }) => updateAlertRule(ctx.prisma, input, actorOf(ctx.user, ctx.ip))),
  deleteRule: adminProcedure
    .input(ZId)
    .output(ZDeleted)
    .mutation(({ ctx, input }) => deleteAlertRule(ctx.prisma, input.id, actorOf(ctx.user, ctx.ip))),

  /** Active and scheduled silences (with includeEnded, past ones too). */
  silences: viewerProcedure
    .input(ZAlertSilenceListSchema)
    .output(z.array(ZAlertSilenceViewSchema))
    .query(({ ctx, input }) => listAlertSilences(ctx.prisma, input)),
  createSilence: operatorProcedure
    .input(ZAlertSilenceCreateSchema)
    .output(ZAlertSilenceViewSchema)
    .mutation(({ ctx, input }) => createAlertSilence(ctx.prisma, input, actorOf(ctx.user, ctx.ip))),
  endSilence: operatorProcedure
    .input(ZId)
    .output(z.object({ ended: z.boolean(), silence: ZAlertSilenceViewSchema }))
    .mutation(({ ctx, input }) => endAlertSilence(ctx.prisma, input.id, actorOf(ctx.user, ctx.ip))),
  /** The hosts among these that a silence covers now, with until when (fleet and host pages). */
  silencesForHosts: viewerProcedure
    .input(z.object({ hostIds: z.array(z.uuid()).max(1_000) }))
    .output(z.array(ZHostSilenceSchema))
    .query(({ ctx, input }) => silencesForHosts(ctx.prisma, input.hostIds)),

  /** Alerts newest first: open by default. */
  list: viewerProcedure
    .input(ZAlertListSchema)
    .output(ZAlertPageSchema)
    .query(({ ctx, input }) => listAlerts(ctx.prisma, input)),
  /** What happened to alerts, newest first: fleet-wide, or one host's (`hostId`), filtered by kind (`state`). */
  history: viewerProcedure
    .input(ZAlertHistoryQuerySchema)
    .output(ZAlertHistoryPageSchema)
    .query(({ ctx, input }) => listAlertHistory(ctx.prisma, input)),
  /** Notices per channel: dead ones kept for inspection, retrying ones with their next attempt. */
  deliveries: viewerProcedure
    .input(ZAlertDeliveryListSchema)
    .output(ZAlertDeliveryPageSchema)
    .query(({ ctx, input }) => listAlertDeliveries(ctx.prisma, input)),
  /** Queues a dead notice again (after fixing its channel). */
  retryDelivery: adminProcedure
    .input(z.object({ id: zBigintId('a decimal delivery id') }))
    .output(z.object({ requeued: z.literal(true) }))
    .mutation(({ ctx, input }) => retryAlertDelivery(ctx.prisma, input.id, actorOf(ctx.user, ctx.ip))),
});
