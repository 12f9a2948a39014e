import type { NextConfig } from 'next';

const config: NextConfig = {
  // Workspace packages ship TypeScript source.
  transpilePackages: ['@standby/domain', '@standby/protocol'],
  poweredByHeader: false,
  // The server (server.ts) is ours; Next only renders pages.
  typescript: { ignoreBuildErrors: false },
};

export default config;
