import type { PrismaClient } from '@standby/db';
import { recordAudit } from '../audit-log';

/**
 * Records a refused enrollment in the audit log (`agent.enroll-failed`): the alert workers read it
 * as the `enrollment-failed` fleet event (one open alert per host key until it enrolls). Call it
 * outside the refused enrollment's transaction, which rolls back.
 */
export async function recordEnrollmentFailure(
  prisma: Pick<PrismaClient, 'auditEvent'>,
  failure: { hostKey: string; reason: string; ip: string | null },
): Promise<void> {
  await recordAudit(prisma, {
    actorType: 'agent',
    actorId: null,
    actorLabel: failure.hostKey,
    action: 'agent.enroll-failed',
    targetType: 'host-key',
    targetId: failure.hostKey,
    after: { hostKey: failure.hostKey, reason: failure.reason },
    ip: failure.ip,
  });
}
