// The version the agent reports to the dashboard (and prints with --version) is the package's own,
// so a release bump is one edit; esbuild inlines it into the bundle.
import agentPackage from '../package.json' with { type: 'json' };

export const AGENT_VERSION: string = agentPackage.version;
