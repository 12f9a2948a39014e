/**
 * The options file reaches the dashboard by three paths — a hello, a command's ack, a check's
 * result — processed in any order (results are batched). Each carries the agent's clock just before
 * it read the file; a read older than the stored one never replaces it, or a result of a check that
 * started before a change was applied would bring the old values back after the ack.
 *
 * A read without a time (older agents) always wins, as before; so does one more than
 * CLOCK_SETBACK_LIMIT behind the stored read (the agent's clock was set back: it must not stick).
 */
const CLOCK_SETBACK_LIMIT = "interval '3 hours'";

/** SQL: whether options read at `readAt` may replace those read at `storedAt` (both SQL expressions). */
export function newerOptionsReadSql(readAt: string, storedAt: string): string {
  return `(${readAt} IS NULL OR ${storedAt} IS NULL OR ${readAt} >= ${storedAt} OR ${readAt} < ${storedAt} - ${CLOCK_SETBACK_LIMIT})`;
}
