-- CreateTable
CREATE TABLE "AlertChannel" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertRule" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "conditions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "scope" TEXT NOT NULL DEFAULT 'fleet',
    "pairIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "hostIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "allChannels" BOOLEAN NOT NULL DEFAULT false,
    "channelIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "builtIn" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "condition" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "hostId" UUID,
    "subject" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heldSince" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMP(3),
    "triggeredAt" TIMESTAMP(3),
    "silencedUntil" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertDelivery" (
    "id" BIGSERIAL NOT NULL,
    "dedupKey" TEXT NOT NULL,
    "alertId" BIGINT NOT NULL,
    "channelId" UUID,
    "channelName" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMP(3),
    "leasedBy" TEXT,
    "lastError" TEXT,
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "alertId" BIGINT NOT NULL,
    "deliveryId" BIGINT,
    "hostId" UUID,
    "kind" TEXT NOT NULL,
    "notice" TEXT,
    "channelName" TEXT,
    "attempt" INTEGER,
    "detail" TEXT,

    CONSTRAINT "AlertEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertSourceEvent" (
    "auditId" BIGINT NOT NULL,
    "readAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AlertSourceEvent_pkey" PRIMARY KEY ("auditId")
);

-- CreateTable
CREATE TABLE "AlertSilence" (
    "id" UUID NOT NULL,
    "scope" TEXT NOT NULL,
    "hostIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "pairIds" UUID[] DEFAULT ARRAY[]::UUID[],
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" TEXT,
    "createdByLabel" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),
    "endedById" TEXT,

    CONSTRAINT "AlertSilence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AlertChannel_name_key" ON "AlertChannel"("name");

-- CreateIndex
CREATE UNIQUE INDEX "AlertRule_name_key" ON "AlertRule"("name");

-- CreateIndex
CREATE INDEX "Alert_hostId_id_idx" ON "Alert"("hostId", "id");

-- CreateIndex
CREATE INDEX "Alert_state_id_idx" ON "Alert"("state", "id");

-- CreateIndex
CREATE UNIQUE INDEX "AlertDelivery_dedupKey_key" ON "AlertDelivery"("dedupKey");

-- CreateIndex
CREATE INDEX "AlertDelivery_alertId_idx" ON "AlertDelivery"("alertId");

-- CreateIndex
CREATE INDEX "AlertEvent_alertId_id_idx" ON "AlertEvent"("alertId", "id");

-- CreateIndex
CREATE INDEX "AlertEvent_hostId_id_idx" ON "AlertEvent"("hostId", "id");

-- CreateIndex
CREATE INDEX "AlertEvent_kind_id_idx" ON "AlertEvent"("kind", "id");

-- CreateIndex
CREATE INDEX "AlertSourceEvent_readAt_idx" ON "AlertSourceEvent"("readAt");

-- CreateIndex
CREATE INDEX "AlertSilence_endsAt_idx" ON "AlertSilence"("endsAt");

-- AddForeignKey
ALTER TABLE "AlertDelivery" ADD CONSTRAINT "AlertDelivery_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertDelivery" ADD CONSTRAINT "AlertDelivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "AlertChannel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- Written by hand (Prisma's schema cannot express partial indexes; schema-to-schema diffs never see them).

-- At most one unfinished alert per host and condition: the verdict writer re-opens it within the
-- hold-down, and its insert (ON CONFLICT on this index) loses to a concurrent re-opening.
CREATE UNIQUE INDEX "Alert_key_unfinished_key" ON "Alert"("key") WHERE "finishedAt" IS NULL;
-- The verdict writer reads a host's open alerts in its facts statement; the workers scan unfinished ones.
CREATE INDEX "Alert_open_hostId_idx" ON "Alert"("hostId") WHERE "state" = 'open';
CREATE INDEX "Alert_unfinished_idx" ON "Alert"("id") WHERE "finishedAt" IS NULL;
-- Notices waiting to be sent (or whose sender's lease may have run out).
CREATE INDEX "AlertDelivery_pending_idx" ON "AlertDelivery"("nextAttemptAt")
  WHERE "state" IN ('queued', 'retrying', 'sending');

-- The built-in default rule: a backup that would not serve or is unknown goes to every channel, as
-- soon as one exists. Admins may edit it or turn it off, not delete it.
INSERT INTO "AlertRule" ("id", "name", "conditions", "scope", "allChannels", "enabled", "builtIn", "updatedAt")
VALUES (gen_random_uuid(), 'Backups that would not serve or are unknown', ARRAY['would-not-serve', 'unknown'],
  'fleet', true, true, true, CURRENT_TIMESTAMP);
