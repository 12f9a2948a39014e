import { generateOpenApiDocument } from 'trpc-to-openapi';
import { appRouter } from './root';

/** The REST API's path under the dashboard's URL (docs/API.md). */
export const REST_API_BASE_PATH = '/api/v1';

const DESCRIPTION = [
  'Standby’s REST API: the same procedures and schemas as the dashboard’s own API, for scripts.',
  'Every call needs `Authorization: Bearer sbt_…`, an API token made on the dashboard’s API tokens page.',
  'A token acts with the lesser of its scope (read, operate, admin) and its owner’s current role;',
  'a pair-limited token reaches only the hosts of its pairs.',
  'Errors are JSON `{ "code": "FORBIDDEN", "message": "…" }` with the matching HTTP status.',
].join(' ');

/**
 * The OpenAPI 3.1 document of every procedure with `meta.openapi`, generated from their zod schemas,
 * plus the one route that is not a procedure: the fleet audit export, a streamed download.
 */
export function buildOpenApiDocument(dashboardUrl: string): ReturnType<typeof generateOpenApiDocument> {
  return generateOpenApiDocument(appRouter, {
    title: 'Standby REST API',
    description: DESCRIPTION,
    version: '1',
    baseUrl: `${dashboardUrl.replace(/\/+$/, '')}${REST_API_BASE_PATH}`,
    tags: ['session', 'fleet', 'hosts', 'findings', 'commands', 'audit', 'export'],
    securitySchemes: {
      Authorization: { type: 'http', scheme: 'bearer', description: 'An API token: `sbt_…`.' },
    },
    paths: {
      '/export/fleet-audit': {
        get: {
          operationId: 'exportFleetAudit',
          tags: ['export'],
          summary: 'The fleet audit, one row per host, as CSV (default) or JSON; streamed',
          security: [{ Authorization: [] }],
          parameters: [
            {
              name: 'format',
              in: 'query',
              required: false,
              schema: { type: 'string', enum: ['csv', 'json'], default: 'csv' },
            },
          ],
          responses: {
            '200': {
              description: 'The export as a download',
              content: {
                'text/csv': { schema: { type: 'string' } },
                'application/json': { schema: { type: 'array', items: { type: 'object' } } },
              },
            },
            '401': { description: 'No valid API token' },
            '403': { description: 'A pair-limited token (the export covers the whole fleet)' },
          },
        },
      },
    },
  });
}
