// Electron's entry point: the only file that loads Electron's runtime API. It hands the real
// Electron objects to runMain (IT commands or the kiosk, run-main.ts) and startApp (the hardened
// shell around the core, start-app.ts); every decision is made there.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { join } from 'node:path';
import { runAdminCommand } from '../cli/admin-commands';
import { KeytarCredentialStore } from '../core/credentials/keytar-store';
import { postEnrollThrough } from '../core/device/gateway-enroll';
import { bootKiosk, type KioskBoot } from './kiosk-boot';
import { runMain } from './run-main';
import { startApp } from './start-app';

// Devtools and reload keys only from an unpackaged checkout with the flag set, never in the MSI.
const dev = !app.isPackaged && process.env.ESR_KIOSK_DEV === '1';
let boot: KioskBoot | undefined;

const writeLine = (stream: NodeJS.WriteStream) => (line: string) => void stream.write(`${line}\n`);
const drained = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));

void runMain({
  app,
  argv: process.argv,
  runAdmin: (args) =>
    runAdminCommand(args, {
      store: new KeytarCredentialStore(),
      version: app.getVersion(),
      postEnrollFor: postEnrollThrough,
      out: writeLine(process.stdout),
      err: writeLine(process.stderr),
    }),
  startKiosk: ({ configFile }) =>
    startApp(
      {
        app,
        protocol,
        ipcMain,
        menu: Menu,
        defaultSession: () => session.defaultSession,
        createWindow: (options) => new BrowserWindow(options),
      },
      {
        rendererDir: join(__dirname, '..', 'renderer'),
        preloadPath: join(__dirname, 'preload.js'),
        dev,
        createCore: async () => {
          boot = await bootKiosk({ version: app.getVersion(), ...(configFile === undefined ? {} : { loadConfigOptions: { configFile } }) });
          return boot.core;
        },
        onBlocked: (what) => boot?.warn('blocked by the Electron hardening', { ...what }),
        onHandlerFailure: (channel, error) =>
          boot?.warn('IPC handler failed', { channel, error: error instanceof Error ? error.name : typeof error }),
      },
    ),
  fatal: (error) => {
    // A bad configuration has its own screen; this is for what is left (e.g. a broken install).
    const kind = error instanceof Error ? error.name : typeof error;
    boot?.warn('the kiosk could not start', { error: kind });
    process.stderr.write(`ESR Kiosk could not start (${kind}).\n`);
    dialog.showErrorBox('ESR Kiosk', 'ESR Kiosk could not start. See the log for details.');
    app.exit(1);
  },
  err: writeLine(process.stderr),
  flush: () => Promise.all([drained(process.stdout), drained(process.stderr)]).then(() => undefined),
});
