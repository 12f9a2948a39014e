/** A usage or configuration problem: the CLI prints it and exits 2. The message names the file and key or line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
