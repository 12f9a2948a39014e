// Bundles the agent into one file for hosts: `node dist/standby-agent.mjs run --config FILE`.
// Plain Node runs it: no TypeScript loader in memory on a SIP Server host, and nothing to install
// beside the file but Node itself.
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
await build({
  entryPoints: [path.join(root, 'src/cli.ts')],
  outfile: path.join(root, 'dist/standby-agent.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __standbyRequire } from 'node:module'; const require = __standbyRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
console.log(`wrote ${path.relative(process.cwd(), path.join(root, 'dist/standby-agent.mjs'))}`);
