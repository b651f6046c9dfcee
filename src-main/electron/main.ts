// Electron's entry point: the only file that loads Electron's runtime API. It hands the real
// Electron objects to startApp (start-app.ts), which builds the hardened shell around the core.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session } from 'electron';
import { join } from 'node:path';
import { bootKiosk, ConfigInvalidError, type KioskBoot } from './kiosk-boot';
import { startApp } from './start-app';

// Devtools and reload keys only from an unpackaged checkout with the flag set, never in the MSI.
const dev = !app.isPackaged && process.env.ESR_KIOSK_DEV === '1';
let boot: KioskBoot | undefined;

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
      boot = await bootKiosk({ version: app.getVersion() });
      return boot.core;
    },
    onBlocked: (what) => boot?.warn('blocked by the Electron hardening', { ...what }),
    onHandlerFailure: (channel, error) =>
      boot?.warn('IPC handler failed', { channel, error: error instanceof Error ? error.name : typeof error }),
  },
).catch((error: unknown) => {
  // Settings are named so IT can fix them; nothing else about the failure is shown.
  const detail = error instanceof ConfigInvalidError ? error.message : 'ESR Kiosk could not start. See the log for details.';
  dialog.showErrorBox('ESR Kiosk', detail);
  app.exit(1);
});
