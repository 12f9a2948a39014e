-- AlterTable
ALTER TABLE "Host" ADD COLUMN     "configuredOptionsAt" TIMESTAMP(3);


