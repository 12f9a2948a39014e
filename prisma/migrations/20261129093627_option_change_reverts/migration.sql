-- AlterTable
ALTER TABLE "OptionChange" ADD COLUMN     "revertsChangeId" BIGINT;


