import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type TAgentConfig, type TProbeSpec, ZAgentConfigSchema } from '@standby/protocol';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../errors';

/** Loads and validates the agent's YAML config; paths in it are relative to the config file. */
export async function loadAgentConfig(file: string): Promise<TAgentConfig> {
  const configPath = path.resolve(file);
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `config ${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  return parseAgentConfig(text, configPath);
}

export function parseAgentConfig(text: string, configPath: string): TAgentConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const yamlError = document.errors[0];
  if (yamlError) {
    const at = lineCounter.linePos(yamlError.pos[0]);
    throw new ConfigError(`config ${configPath}:${at.line}: ${yamlError.message.split('\n')[0]}`);
  }
  const parsed = ZAgentConfigSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path.join('.');
    const node = issue.path.length ? document.getIn(issue.path, true) : undefined;
    const range =
      node && typeof node === 'object' && 'range' in node
        ? (node.range as [number, number, number])
        : undefined;
    const line = range ? `:${lineCounter.linePos(range[0]).line}` : '';
    throw new ConfigError(`config ${configPath}${line}: ${key || '(document)'}: ${issue.message}`);
  }
  return resolvePaths(parsed.data, path.dirname(configPath));
}

function resolvePaths(config: TAgentConfig, baseDir: string): TAgentConfig {
  const resolve = (p: string) => path.resolve(baseDir, p);
  const components = Object.fromEntries(
    Object.entries(config.sipServer.components).map(([name, spec]) => [
      name,
      resolveProbePaths(spec, resolve),
    ]),
  ) as TAgentConfig['sipServer']['components'];
  const status = config.agent.status;
  return {
    ...config,
    agent: {
      ...config.agent,
      ...(status ? { status: { ...status, ...(status.file ? { file: resolve(status.file) } : {}) } } : {}),
    },
    sipServer: {
      ...config.sipServer,
      optionsFile: resolve(config.sipServer.optionsFile),
      mode: resolveSourcePaths(config.sipServer.mode, resolve),
      version: resolveSourcePaths(config.sipServer.version, resolve),
      components,
      ...(config.sipServer.watch?.pidFile
        ? { watch: { pidFile: resolve(config.sipServer.watch.pidFile) } }
        : {}),
    },
    ...(config.dashboard
      ? {
          dashboard: {
            ...config.dashboard,
            ...(config.dashboard.tokenFile ? { tokenFile: resolve(config.dashboard.tokenFile) } : {}),
            stateDir: resolve(config.dashboard.stateDir),
            ...(config.dashboard.caFile ? { caFile: resolve(config.dashboard.caFile) } : {}),
            ...(config.dashboard.certFile ? { certFile: resolve(config.dashboard.certFile) } : {}),
            ...(config.dashboard.keyFile ? { keyFile: resolve(config.dashboard.keyFile) } : {}),
          },
        }
      : {}),
  };
}

/** A role or version source reads a file or a log relative to the config, like the probes. */
function resolveSourcePaths<T>(source: T, resolve: (p: string) => string): T {
  if (typeof source !== 'object' || source === null) return source;
  const resolved: Record<string, unknown> = { ...(source as Record<string, unknown>) };
  if ('file' in source && typeof source.file === 'string') resolved.file = resolve(source.file);
  if ('log' in source && typeof source.log === 'string') resolved.log = resolve(source.log);
  return resolved as T;
}

function resolveProbePaths(spec: TProbeSpec, resolve: (p: string) => string): TProbeSpec {
  if ('file' in spec) return { file: resolve(spec.file) };
  if ('log' in spec) return { log: resolve(spec.log), match: spec.match };
  return spec;
}
