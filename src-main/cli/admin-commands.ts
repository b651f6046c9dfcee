// The IT commands, shared by the packaged app (`"ESR Kiosk.exe" --enroll <token>`, called from
// the Electron main before any window opens) and the plain-Node entry esr-kiosk-admin.ts:
//   --enroll <token> [--replace]   make the device key, register it, store it in the vault
//   --unenroll                     remove the device key from this computer
//   --status                       configuration, managed settings and enrolment
//   --support-bundle [folder]      write the service desk's zip (default: the current folder)
//   --config <file>                another config.json (tests, demo)
// Everything it needs arrives as a parameter, so tests drive it with real parts of their choice.

import os from 'node:os';
import { describeConfigProblem, loadConfig, platformFolders, type LoadConfigOptions, type LoadConfigResult } from '../core/config/load-config';
import type { CredentialStore } from '../core/credentials/credential-store';
import { loadDeviceIdentity } from '../core/device/device-key';
import { enrollDevice, isEnrolled, unenroll, type PostEnroll } from '../core/device/enrollment';
import { createSupportBundle } from '../core/support-bundle/support-bundle';

export const ADMIN_FLAGS = ['--enroll', '--unenroll', '--status', '--support-bundle'] as const;

export interface AdminDeps {
  readonly store: CredentialStore;
  readonly version: string;
  /** Makes the gateway's enrol call from the loaded configuration. */
  readonly postEnrollFor: (config: Extract<LoadConfigResult, { ok: true }>) => PostEnroll;
  readonly loadConfigOptions?: LoadConfigOptions;
  readonly hostname?: string;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** True when argv asks for an IT command rather than the kiosk. */
export function isAdminCommand(argv: readonly string[]): boolean {
  return argv.some((a) => (ADMIN_FLAGS as readonly string[]).includes(a));
}

export function valueAfter(argv: readonly string[], flag: string): string | undefined {
  const i = argv.indexOf(flag);
  const v = i >= 0 ? argv[i + 1] : undefined;
  return v === undefined || v.startsWith('--') ? undefined : v;
}

/** Runs one command; returns the process exit code (0 done, 1 failed, 2 usage). */
export async function runAdminCommand(argv: readonly string[], deps: AdminDeps): Promise<number> {
  const configFile = valueAfter(argv, '--config');
  const configOptions: LoadConfigOptions = { ...deps.loadConfigOptions, ...(configFile === undefined ? {} : { configFile }) };
  const hostname = deps.hostname ?? os.hostname();

  if (argv.includes('--enroll')) {
    const token = valueAfter(argv, '--enroll');
    if (token === undefined) {
      deps.err('usage: --enroll <token> [--replace]');
      return 2;
    }
    const config = await loadConfig(configOptions);
    if (!config.ok) return reportProblems(config, deps);
    try {
      const { deviceId } = await enrollDevice({
        token,
        store: deps.store,
        hostname,
        postEnroll: deps.postEnrollFor(config),
        replace: argv.includes('--replace'),
      });
      deps.out(`Enrolled ${hostname} with ${config.config.gatewayUrl} as device ${deviceId}.`);
      return 0;
    } catch (error) {
      // Codes and messages only: never the token.
      const code = (error as { code?: unknown }).code;
      deps.err(`Enrolment failed${typeof code === 'string' ? ` (${code})` : ''}: ${(error as Error).message}`);
      return 1;
    }
  }

  if (argv.includes('--unenroll')) {
    const removed = await unenroll(deps.store);
    deps.out(removed ? 'The device key was removed from this computer. Retire the device on the gateway too.' : 'This computer was not enrolled.');
    return 0;
  }

  if (argv.includes('--status')) {
    const config = await loadConfig(configOptions);
    const enrolled = await isEnrolled(deps.store);
    deps.out(`ESR Kiosk ${deps.version} on ${hostname}`);
    deps.out(`Configuration file: ${config.configFile}`);
    if (config.ok) {
      deps.out(`Gateway: ${config.config.gatewayUrl}`);
      deps.out(`Managed by policy: ${config.managed.length === 0 ? '(none)' : config.managed.join(', ')}`);
      for (const w of config.warnings) deps.out(`Warning: ${w}`);
    } else {
      for (const p of config.problems) deps.out(`Problem: ${describeConfigProblem(p)}`);
    }
    deps.out(enrolled ? 'Enrolled: yes' : 'Enrolled: no (the kiosk will say "this computer is not enrolled")');
    return config.ok ? 0 : 1;
  }

  if (argv.includes('--support-bundle')) {
    const outputFolder = valueAfter(argv, '--support-bundle') ?? process.cwd();
    const config = await loadConfig(configOptions);
    const identity = await loadDeviceIdentity(deps.store).catch(() => null);
    // With a broken configuration the bundle still collects logs from the default folder.
    const logFolder = config.ok
      ? config.config.logFolder
      : platformFolders(configOptions.platform ?? process.platform, configOptions.env ?? process.env).logFolder;
    const result = await createSupportBundle({
      outputFolder,
      logFolder,
      config,
      version: deps.version,
      enrolled: identity !== null,
      deviceId: identity?.deviceId ?? null,
      hostname,
    });
    deps.out(`Support bundle written: ${result.file}`);
    if (result.omittedLogFiles.length > 0) deps.out(`Older logs left out (size limit): ${result.omittedLogFiles.join(', ')}`);
    return 0;
  }

  deps.err(`usage: one of ${ADMIN_FLAGS.join(', ')}`);
  return 2;
}

function reportProblems(config: Extract<LoadConfigResult, { ok: false }>, deps: AdminDeps): number {
  deps.err(`The configuration has problems (${config.configFile}):`);
  for (const p of config.problems) deps.err(`  ${describeConfigProblem(p)}`);
  return 1;
}
