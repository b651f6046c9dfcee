// What the Electron entry does with its command line, with every Electron object and effect a
// parameter (main.ts passes the real ones, tests pass fakes):
// - an IT command (`--enroll <token> [--replace]`, `--unenroll`, `--status`,
//   `--support-bundle [folder]`, each with an optional `--config <file>`) runs and the process
//   exits with its code: no window, no single-instance lock, so it works while the kiosk runs;
// - anything else starts the kiosk. Only a failure outside the kiosk's own screens (a bad
//   configuration or a missing enrolment have screens) ends in the fatal message.

import type { App } from 'electron';
import { isAdminCommand, valueAfter } from '../cli/admin-commands';

export interface MainDeps {
  readonly app: Pick<App, 'isPackaged' | 'exit'>;
  /** process.argv as Electron gives it. */
  readonly argv: readonly string[];
  /** Runs one IT command (runAdminCommand with the real vault and gateway); returns its exit code. */
  readonly runAdmin: (args: readonly string[]) => Promise<number>;
  /** Starts the kiosk (startApp): never called for an IT command. */
  readonly startKiosk: (kiosk: { readonly configFile: string | undefined }) => Promise<unknown>;
  /** Shows that the kiosk could not start at all and ends the process. */
  readonly fatal: (error: unknown) => void;
  readonly err: (line: string) => void;
  /** Resolves once stdout and stderr are written out (pipes are asynchronous on Windows). */
  readonly flush: () => Promise<void>;
}

/**
 * The user's arguments. A packaged app's argv is [exe, ...args]; in development Electron is
 * started with the app's path (`electron . --status`), so that comes first too.
 */
export function userArgs(argv: readonly string[], isPackaged: boolean): string[] {
  return argv.slice(isPackaged ? 1 : 2);
}

export async function runMain(deps: MainDeps): Promise<'admin' | 'kiosk'> {
  const args = userArgs(deps.argv, deps.app.isPackaged);
  if (isAdminCommand(args)) {
    let code: number;
    try {
      code = await deps.runAdmin(args);
    } catch (error) {
      // Its kind only: a message could echo an argument, and the argument may be a token.
      deps.err(`ESR Kiosk: the command failed (${error instanceof Error ? error.name : typeof error}).`);
      code = 1;
    }
    await deps.flush();
    deps.app.exit(code);
    return 'admin';
  }
  // Another config.json only in development: a packaged kiosk reads ProgramData and policy alone,
  // so a shortcut cannot point it at another gateway.
  const configFile = deps.app.isPackaged ? undefined : valueAfter(args, '--config');
  try {
    await deps.startKiosk({ configFile });
  } catch (error) {
    deps.fatal(error);
  }
  return 'kiosk';
}
