-- The agent's clock minus the dashboard's, as last measured (hello sentAt, a live or refused result).
ALTER TABLE "Host" ADD COLUMN "agentClockSkewMs" DOUBLE PRECISION;

-- A host's latest-check time is never later than when the dashboard received that check: times stored
-- before that rule (a result dated 9999 froze its host) are brought back to now.
UPDATE "Host" SET "lastCheckAt" = (now() AT TIME ZONE 'UTC') WHERE "lastCheckAt" > (now() AT TIME ZONE 'UTC');
UPDATE "Host" SET "statusSince" = (now() AT TIME ZONE 'UTC') WHERE "statusSince" > (now() AT TIME ZONE 'UTC');
