// Type-only: the browser bundle never includes the server router.
export type { AppRouter } from '@standby/api';
