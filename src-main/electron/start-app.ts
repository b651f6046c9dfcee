// Composes the hardened shell around a KioskCore. Every Electron object arrives as a parameter
// (main.ts passes the real ones, tests pass fakes), and every decision is made by core: this
// file only puts the pieces in the order Electron needs them.

import type { App, BrowserWindow, BrowserWindowConstructorOptions, IpcMain, Menu, Protocol } from 'electron';
import { createIpcDispatcher } from '../core/kiosk/ipc-dispatch';
import type { KioskCore } from '../core/kiosk/kiosk-core';
import type { IpcRequestChannel } from '../shared/ipc-contract';
import { APP_ENTRY_URL, APP_SCHEME_PRIVILEGES, registerAppProtocol } from './app-protocol';
import {
  hardenSession,
  hardenWebContents,
  type BlockedAction,
  type HardenableSession,
} from './harden-web-contents';
import { createSenderCheck, forwardKioskEvents, registerIpc } from './ipc-bridge';
import { createWindowOptions } from './window-options';

export type KioskWindow = Pick<
  BrowserWindow,
  'loadURL' | 'show' | 'focus' | 'restore' | 'isMinimized' | 'isDestroyed' | 'removeMenu' | 'once' | 'webContents'
>;

export interface ElectronParts {
  readonly app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on' | 'whenReady' | 'enableSandbox'>;
  readonly protocol: Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly menu: Pick<typeof Menu, 'setApplicationMenu'>;
  /** session.defaultSession, which Electron only allows after ready. */
  readonly defaultSession: () => HardenableSession;
  readonly createWindow: (options: BrowserWindowConstructorOptions) => KioskWindow;
}

export interface StartAppOptions {
  /** The built renderer (dist/renderer). */
  readonly rendererDir: string;
  /** The bundled preload (dist/main/preload.js). */
  readonly preloadPath: string;
  /** Development only: devtools and reload keys. main.ts never sets it in a packaged app. */
  readonly dev: boolean;
  readonly createCore: () => Promise<KioskCore>;
  /** For the log: refused navigations, permissions, shortcuts. Carries no payloads. */
  readonly onBlocked?: (what: BlockedAction) => void;
  /** For the log: a handler that threw. */
  readonly onHandlerFailure?: (channel: IpcRequestChannel, error: unknown) => void;
}

export interface StartedApp {
  readonly core: KioskCore;
  readonly window: KioskWindow;
}

/**
 * Returns undefined when another instance already runs (this one quits and that one is focused).
 * Must be called before app 'ready': the sandbox switch and the privileged scheme only work then.
 */
export async function startApp(electron: ElectronParts, options: StartAppOptions): Promise<StartedApp | undefined> {
  const { app } = electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }
  app.enableSandbox();
  electron.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, { dev: options.dev, onBlocked: options.onBlocked });
  });

  app.on('window-all-closed', () => app.quit());

  await app.whenReady();
  electron.menu.setApplicationMenu(null);
  hardenSession(electron.defaultSession(), { onBlocked: options.onBlocked });
  registerAppProtocol(electron.protocol, options.rendererDir);

  // The window opens at once, on the renderer's "starting" screen, while the core is built (a
  // first start may be enrolling with the gateway); requests from it wait for the core.
  const coreReady = options.createCore();
  const dispatchReady = coreReady.then((core) => createIpcDispatcher(core.handlers, { onHandlerFailure: options.onHandlerFailure }));
  dispatchReady.catch(() => undefined); // a failed core is reported by this function's own rejection
  const ipc = registerIpc(electron.ipcMain, (channel, payload) => dispatchReady.then((dispatch) => dispatch(channel, payload)), createSenderCheck());

  const win = electron.createWindow(createWindowOptions({ preloadPath: options.preloadPath, dev: options.dev }));
  win.removeMenu();
  // A second launch (the lock refused it) brings this window forward instead.
  app.on('second-instance', () => {
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  win.once('ready-to-show', () => win.show());
  const loaded = win.loadURL(APP_ENTRY_URL);
  loaded.catch(() => undefined); // observed below; this only keeps a failed core from leaving it unobserved

  // Wipe the session (and revoke it at the gateway) before the process goes away.
  let built: KioskCore | null = null; // set once the core exists: a quit then disposes it at once
  let stopEvents: () => void = () => undefined;
  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    disposed = true;
    stopEvents();
    ipc.dispose();
    void (built ? built.dispose() : coreReady.then((core) => core.dispose()))
      .catch(() => undefined)
      .finally(() => app.quit());
  });

  const core = await coreReady;
  built = core;
  stopEvents = forwardKioskEvents(core, win.webContents);
  await Promise.all([core.start(), loaded]);
  return { core, window: win };
}
