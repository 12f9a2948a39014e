import { expect } from 'vitest';

/** A response as a script sees it: status, parsed JSON (or null) and the raw text. */
export interface RestAnswer<T = unknown> {
  status: number;
  json: T;
  text: string;
}

/**
 * Plain HTTP as a script would use it (fetch and JSON only), keeping every body it received so a test
 * can check at the end that none names a server file or carries a stack trace.
 */
export function restRecorder() {
  const bodies: string[] = [];
  async function call<T = unknown>(
    url: string,
    init: { method?: string; token?: string; body?: unknown; rawBody?: string } = {},
  ): Promise<RestAnswer<T>> {
    const headers: Record<string, string> = {};
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    if (init.body !== undefined || init.rawBody !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      ...(init.rawBody !== undefined
        ? { body: init.rawBody }
        : init.body !== undefined
          ? { body: JSON.stringify(init.body) }
          : {}),
    });
    const text = await response.text();
    bodies.push(text);
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: response.status, json: json as T, text };
  }
  return {
    call,
    bodies,
    /** No answer named a server path or carried a stack trace. */
    expectNoInternals() {
      expect(bodies.length).toBeGreaterThan(0);
      for (const body of bodies) {
        expect(body).not.toContain('/work/');
        expect(body).not.toContain('node_modules');
        expect(body).not.toContain('    at ');
        expect(body).not.toMatch(/"stack"/);
      }
    },
  };
}
