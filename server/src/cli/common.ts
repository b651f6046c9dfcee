// Shared bits of the CLI commands: argument parsing with clear errors, finding the config.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfigFile, type GatewayConfig } from '../config';

export interface CliCommand {
  readonly summary: string;
  readonly usage: string;
  /** Exit code; -1 means "still running" (serve). */
  run(argv: readonly string[]): Promise<number>;
}

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

export const CONFIG_OPTION = { config: { type: 'string', short: 'c' } } as const;

/** --config, else $ESR_GATEWAY_CONFIG. */
export function configPath(value: string | undefined): string {
  const path = value ?? process.env.ESR_GATEWAY_CONFIG;
  if (path === undefined || path === '') {
    throw new CliError('name the gateway config with --config <file> or ESR_GATEWAY_CONFIG (make one with `server init`)');
  }
  return path;
}

export function loadConfig(value: string | undefined): GatewayConfig {
  try {
    return loadConfigFile(configPath(value));
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, 78);
    throw error;
  }
}
