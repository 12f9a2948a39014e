/** An enrollment token, as an admin hands it to an agent (it goes in the agent's token file). */
export const ENROLLMENT_TOKEN_PREFIX = 'sbe_';
/** An agent's own credential, which replaces the enrollment token in the file once exchanged. */
export const AGENT_CREDENTIAL_PREFIX = 'sba_';
