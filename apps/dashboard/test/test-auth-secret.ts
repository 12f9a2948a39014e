/**
 * Every test node signs cookies with this one secret, as every node of a real deployment sharing a
 * database must (STANDBY_AUTH_SECRET): the in-process test helper and second nodes started as
 * processes (fixtures.ts) both use it.
 */
export const TEST_AUTH_SECRET = 'standby-test-secret-shared-by-every-test-node';
