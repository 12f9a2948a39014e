import { z } from 'zod';

// Runs in the browser before the app's own modules (Next.js `instrumentation-client` convention).
// zod compiles object parsers with `new Function` when it may, and finds out by trying once as each
// object schema is built: under the dashboard's Content-Security-Policy (no 'unsafe-eval') the try
// fails harmlessly, but the browser reports a CSP violation on every page. So zod is told not to
// try, before any schema exists; the browser's few parses do not need the compiled fast path.
z.config({ jitless: true });
