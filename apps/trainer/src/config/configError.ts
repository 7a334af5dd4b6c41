// The user's error in options, a config file or a path they named: the CLI exits 2 with its message, no stack trace.
export class ConfigError extends Error {
  override name = 'ConfigError';
}
