// Plain-Node entry for the IT commands (Linux ward PCs, development, CI):
//   npx tsx src-main/cli/esr-kiosk-admin.ts --enroll <token>
// The packaged Windows app runs the same runAdminCommand from its Electron main.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { KeytarCredentialStore } from '../core/credentials/keytar-store';
import { postEnrollThrough } from '../core/device/gateway-enroll';
import { runAdminCommand } from './admin-commands';

const here = path.dirname(fileURLToPath(import.meta.url));
const { version } = JSON.parse(readFileSync(path.join(here, '../../package.json'), 'utf8')) as { version: string };

const code = await runAdminCommand(process.argv.slice(2), {
  store: new KeytarCredentialStore(),
  version,
  postEnrollFor: postEnrollThrough,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
process.exitCode = code;
