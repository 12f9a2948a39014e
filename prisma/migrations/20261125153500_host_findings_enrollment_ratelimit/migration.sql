-- AlterTable
ALTER TABLE "Host" ADD COLUMN     "findingsCritical" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "findingsInfo" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "findingsWarning" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "lastFindings" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "EnrollmentToken" ADD COLUMN     "maxUses" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "rateLimit" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "lastRequest" BIGINT NOT NULL,

    CONSTRAINT "rateLimit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "rateLimit_key_key" ON "rateLimit"("key");

-- CreateIndex
CREATE INDEX "Host_lastCheckAt_id_idx" ON "Host"("lastCheckAt", "id");


