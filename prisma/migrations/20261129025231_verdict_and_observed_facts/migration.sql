-- AlterTable
ALTER TABLE "Host" ADD COLUMN     "becameBackupAt" TIMESTAMP(3),
ADD COLUMN     "checkingAtStart" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "checkingRunId" UUID,
ADD COLUMN     "checkingStartedAt" TIMESTAMP(3),
ADD COLUMN     "checkingTrigger" TEXT,
ADD COLUMN     "displayStatus" TEXT NOT NULL DEFAULT 'UNKNOWN',
ADD COLUMN     "intervalSec" INTEGER,
ADD COLUMN     "liveComponents" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "reevaluateAt" TIMESTAMP(3),
ADD COLUMN     "serverStartedAt" TIMESTAMP(3),
ADD COLUMN     "staleAt" TIMESTAMP(3),
ADD COLUMN     "startupSamples" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "verdict" TEXT NOT NULL DEFAULT 'unknown',
ADD COLUMN     "verdictCause" TEXT NOT NULL DEFAULT 'never-reported',
ADD COLUMN     "verdictReason" TEXT NOT NULL DEFAULT 'no agent has reported',
ADD COLUMN     "verdictReasons" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "verdictSince" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "CheckRun" ADD COLUMN     "configuredOptions" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "reasons" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "serverStartedAt" TIMESTAMP(3),
ADD COLUMN     "version" TEXT;

-- AlterTable
ALTER TABLE "OptionChange" ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'standby',
ALTER COLUMN "commandId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "HostEvent" (
    "id" BIGSERIAL NOT NULL,
    "hostId" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,

    CONSTRAINT "HostEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DashboardNode" (
    "id" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DashboardNode_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HostEvent_hostId_id_idx" ON "HostEvent"("hostId", "id");

-- CreateIndex
CREATE INDEX "Host_verdict_hostname_idx" ON "Host"("verdict", "hostname");

-- CreateIndex
CREATE INDEX "Host_reevaluateAt_idx" ON "Host"("reevaluateAt");

-- AddForeignKey
ALTER TABLE "HostEvent" ADD CONSTRAINT "HostEvent_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Startup samples from the history already stored (the 50 newest runs that waited for the components).
UPDATE "Host" h SET "startupSamples" = s.samples
FROM (
  SELECT r."hostId", jsonb_agg(r.ms ORDER BY r."startedAt") AS samples
  FROM (
    SELECT run."hostId", run."startedAt", max(c."readyAfterMs") AS ms,
      row_number() OVER (PARTITION BY run."hostId" ORDER BY run."startedAt" DESC) AS n
    FROM "CheckRun" run JOIN "ComponentResult" c ON c."runId" = run.id
    WHERE run.applicable AND run."checkEnabled"
    GROUP BY run.id, run."hostId", run."startedAt"
    HAVING NOT bool_or(c.state <> 'ready' AND c."readyAfterMs" IS NULL) AND max(c."readyAfterMs") IS NOT NULL
  ) r
  WHERE r.n <= 50
  GROUP BY r."hostId"
) s
WHERE h.id = s."hostId";

-- Hosts stored before the verdict existed get it from the first sweep of a dashboard node.
UPDATE "Host" SET "reevaluateAt" = now();
