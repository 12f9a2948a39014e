import superjson from 'superjson';

/**
 * The tRPC wire format, shared by the server and every client (browser, agent, tests): superjson,
 * so a Date the router declares arrives as a Date, not as the ISO string plain JSON would make of
 * it. Raw HTTP callers send and read `{ json: … }` (superjson's shape) accordingly.
 */
export const wireTransformer = superjson;
