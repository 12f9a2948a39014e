// The REST API's reference page (/api/docs): rendered once, on the server, from the OpenAPI document.
// Self-contained on purpose: no script, no font, no CDN — nothing is fetched when it is read, and it
// works on an air-gapped network. The document itself stays the source (/api/openapi.json).

interface TOperation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

interface TDocument {
  info: { title: string; description?: string; version: string };
  servers?: { url: string }[];
  paths?: Record<string, Record<string, TOperation> | undefined>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** `code` spans from backticks, everything else escaped. */
function prose(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function schemaBlock(label: string, schema: unknown): string {
  if (schema === undefined) return '';
  return `<details><summary>${escapeHtml(label)}</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`;
}

function renderParameters(parameters: NonNullable<TOperation['parameters']>): string {
  if (parameters.length === 0) return '';
  const rows = parameters
    .map((parameter) => {
      const type = (parameter.schema as { type?: unknown } | undefined)?.type;
      return `<tr><td><code>${escapeHtml(parameter.name)}</code></td><td>${escapeHtml(parameter.in)}</td><td>${parameter.required ? 'yes' : 'no'}</td><td>${escapeHtml(typeof type === 'string' ? type : 'see schema')}</td></tr>`;
    })
    .join('');
  return `<table><thead><tr><th>parameter</th><th>in</th><th>required</th><th>type</th></tr></thead><tbody>${rows}</tbody></table>${schemaBlock('Parameter schemas', parameters)}`;
}

function renderOperation(path: string, method: string, operation: TOperation, baseUrl: string): string {
  const anchor = escapeHtml(operation.operationId ?? `${method}-${path}`);
  const body = operation.requestBody?.content?.['application/json']?.schema;
  const responses = Object.entries(operation.responses ?? {})
    .map(([status, response]) => {
      const content = Object.entries(response.content ?? {});
      const schemas = content.map(([type, media]) => schemaBlock(`${status} ${type}`, media.schema)).join('');
      return `<li><strong>${escapeHtml(status)}</strong> ${prose(response.description ?? '')}${schemas}</li>`;
    })
    .join('');
  return `<section id="${anchor}">
<h3><span class="method">${method.toUpperCase()}</span> <code>${escapeHtml(baseUrl + path)}</code></h3>
<p>${prose(operation.summary ?? '')}${operation.operationId ? ` — operationId <code>${escapeHtml(operation.operationId)}</code>` : ''}</p>
${operation.description ? `<p>${prose(operation.description)}</p>` : ''}
${renderParameters(operation.parameters ?? [])}
${body === undefined ? '' : schemaBlock('Request body (application/json)', body)}
<ul class="responses">${responses}</ul>
</section>`;
}

/** The page for an OpenAPI 3.1 document (as buildOpenApiDocument makes it). */
export function renderOpenApiReference(openApiDocument: object): string {
  const document = openApiDocument as TDocument;
  const baseUrl = document.servers?.[0]?.url ?? '';
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item?.[method];
      return operation ? [{ path, method, operation }] : [];
    }),
  );
  const index = operations
    .map(
      ({ path, method, operation }) =>
        `<li><a href="#${escapeHtml(operation.operationId ?? `${method}-${path}`)}">${method.toUpperCase()} ${escapeHtml(path)}</a> — ${prose(operation.summary ?? '')}</li>`,
    )
    .join('');
  const sections = operations
    .map(({ path, method, operation }) => renderOperation(path, method, operation, baseUrl))
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1c1f24}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f4f5f7;padding:.75rem;overflow:auto}
section{border-top:1px solid #dde1e6;padding:.5rem 0}.method{background:#1c1f24;color:#fff;padding:0 .4rem;border-radius:3px}
table{border-collapse:collapse}td,th{border:1px solid #dde1e6;padding:.2rem .5rem;text-align:left}
</style></head><body>
<h1>${escapeHtml(document.info.title)} <small>v${escapeHtml(document.info.version)}</small></h1>
<p>${prose(document.info.description ?? '')}</p>
<p>Base URL: <code>${escapeHtml(baseUrl)}</code>. Machine-readable document: <a href="/api/openapi.json"><code>/api/openapi.json</code></a>.</p>
<pre>curl -H "Authorization: Bearer $STANDBY_TOKEN" ${escapeHtml(baseUrl)}/me</pre>
<h2>Operations</h2><ul>${index}</ul>
${sections}
</body></html>`;
}
