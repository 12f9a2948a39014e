// Roles are a rule of the product: packages/domain owns them (the dashboard reads the same list).
export { isRole, ROLES, roleAtLeast, type TRole as Role } from '@standby/domain';
