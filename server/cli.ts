// The gateway's command line: `tsx server/cli.ts <command> [options]` (npm run gateway -- …).
// Each command lives in server/src/cli/<command>.ts and exports `run(argv): Promise<number>`.
// Extension point: add commands to COMMANDS (import-staff, audit: the accounts part).

import { CliError, type CliCommand } from './src/cli/common';
import { devicesCommand } from './src/cli/devices';
import { enrollmentTokenCommand } from './src/cli/enrollment-token';
import { initCommand } from './src/cli/init';
import { seedDemoCommand } from './src/cli/seed-demo';
import { importStaffCommand } from './src/cli/import-staff';
import { auditCommand } from './src/cli/audit';
import { serveCommand } from './src/cli/serve';

const COMMANDS: Readonly<Record<string, CliCommand>> = {
  init: initCommand,
  serve: serveCommand,
  'enrollment-token': enrollmentTokenCommand,
  devices: devicesCommand,
  'seed-demo': seedDemoCommand,
  'import-staff': importStaffCommand,
  audit: auditCommand,
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(18)} ${c.summary}`);
  return `usage: server <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun \`server <command> --help\` for its options.`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`unknown command: ${name}\n\n${usage()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`usage: server ${name} ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    // `serve` keeps running; everything else ends here.
    if (code !== -1) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof CliError ? error.message : String((error as Error).stack ?? error)}\n`);
    process.exitCode = error instanceof CliError ? error.exitCode : 1;
  },
);
