-- Staged rollouts (issue 17): a rollout, its waves, and the wave that sent each command.
-- AlterTable
ALTER TABLE "AgentCommand" ADD COLUMN     "rolloutId" UUID,
ADD COLUMN     "wave" INTEGER;

-- CreateTable
CREATE TABLE "Rollout" (
    "id" UUID NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'running',
    "stateReason" TEXT,
    "request" JSONB NOT NULL,
    "plan" JSONB NOT NULL,
    "haltCount" INTEGER,
    "haltPercent" INTEGER,
    "waveTimeoutSec" INTEGER NOT NULL,
    "manualGo" BOOLEAN NOT NULL DEFAULT false,
    "totalHosts" INTEGER NOT NULL,
    "currentWave" INTEGER NOT NULL DEFAULT 0,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Rollout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RolloutWave" (
    "rolloutId" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "hostIds" UUID[],
    "state" TEXT NOT NULL DEFAULT 'planned',
    "sentAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "tally" JSONB,

    CONSTRAINT "RolloutWave_pkey" PRIMARY KEY ("rolloutId","index")
);

-- CreateIndex
CREATE INDEX "Rollout_state_idx" ON "Rollout"("state");

-- CreateIndex
CREATE INDEX "Rollout_createdAt_idx" ON "Rollout"("createdAt");

-- CreateIndex
CREATE INDEX "AgentCommand_rolloutId_wave_idx" ON "AgentCommand"("rolloutId", "wave");

-- AddForeignKey
ALTER TABLE "AgentCommand" ADD CONSTRAINT "AgentCommand_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RolloutWave" ADD CONSTRAINT "RolloutWave_rolloutId_fkey" FOREIGN KEY ("rolloutId") REFERENCES "Rollout"("id") ON DELETE CASCADE ON UPDATE CASCADE;


