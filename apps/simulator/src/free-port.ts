// One implementation, in the db package (the embedded PostgreSQL picks its port with it too); re-exported
// as `@standby/simulator/free-port` for the simulator's own code and tests.
export { findFreePort } from '@standby/db/free-port';
