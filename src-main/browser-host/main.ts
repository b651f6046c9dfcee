// The browser host as its own process, on a machine set up like a kiosk (config file or policy,
// enrolled device key in the vault, PC/SC): the same boot as Electron's main, the renderer served
// to any local browser. For IT checks and development; the demo and the E2E run start the host
// in-process on their own stack (test/support/kiosk/kiosk-stack.ts).
//   npx tsx src-main/browser-host/main.ts [--port 8080] [--renderer dist/renderer]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bootKiosk } from '../electron/kiosk-boot';
import { startBrowserHost } from './browser-host';

const root = path.resolve(import.meta.dirname, '../..');
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };

const boot = await bootKiosk({ version });
await boot.core.start();
const host = await startBrowserHost({
  core: boot.core,
  rendererDir: path.resolve(arg('--renderer') ?? path.join(root, 'dist/renderer')),
  port: Number(arg('--port') ?? 8080),
  onHandlerFailure: (channel, error) => boot.warn('IPC handler failed', { channel, error: String(error) }),
});
console.log(`ESR Kiosk (browser host): ${host.url}`);

const stop = async (): Promise<void> => {
  await host.close();
  await boot.core.dispose();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
