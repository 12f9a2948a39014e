-- Agent.lastAckedCommandId was written on every ack and read by nothing: a command's own state
-- ('delivered' until acked) is what decides redelivery, and a resumed stream starts after the
-- tRPC lastEventId its client sends. Nodes still running the previous release write this column on
-- each ack, so in a rolling upgrade their acks fail until they are upgraded too (the agents retry).
-- AlterTable
ALTER TABLE "Agent" DROP COLUMN "lastAckedCommandId";
