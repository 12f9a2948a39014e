import { z } from 'zod';
import { zSafeText } from './safe-text';

// Scoped API tokens for scripts (docs/API.md): what the token pages and the tokens router exchange.

/** Every API token starts with this (agent credentials start with `sba_`): routing is by prefix. */
export const API_TOKEN_PREFIX = 'sbt_';

/** read: what a viewer reads; operate: also change options and run checks; admin: everything an admin does. */
export const API_TOKEN_SCOPES = ['read', 'operate', 'admin'] as const;
export type TApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** A token lives at most a year: a forgotten one stops working on its own. */
export const API_TOKEN_MAX_DAYS = 365;

export const ZApiTokenCreateSchema = z.object({
  /** Whose token (default: the caller's own). Only an admin may name someone else. */
  ownerId: zSafeText().min(1).max(64).optional(),
  name: zSafeText().trim().min(1, 'give the token a name').max(120),
  scope: z.enum(API_TOKEN_SCOPES),
  /** Empty: every host; otherwise only hosts of these pairs. */
  pairIds: z.array(z.uuid()).max(100).default([]),
  expiresInDays: z.number().int().min(1).max(API_TOKEN_MAX_DAYS),
});
export type TApiTokenCreate = z.infer<typeof ZApiTokenCreateSchema>;

export const ZApiTokenCreatedSchema = z.object({
  id: z.string(),
  /** The only time the token is shown: only its hash is kept. */
  token: z.string(),
  prefix: z.string(),
  expiresAt: z.date(),
});

export const API_TOKEN_STATES = ['active', 'expired', 'revoked'] as const;

export const ZApiTokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scope: z.enum(API_TOKEN_SCOPES),
  pairIds: z.array(z.string()),
  owner: z.object({ id: z.string(), email: z.string() }),
  createdAt: z.date(),
  expiresAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  state: z.enum(API_TOKEN_STATES),
});
export type TApiTokenView = z.infer<typeof ZApiTokenViewSchema>;
