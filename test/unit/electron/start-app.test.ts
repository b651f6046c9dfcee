import { describe, expect, it, vi } from 'vitest';
import type { IpcHandlers, KioskCore, KioskEventListener } from '../../../src-main/core/kiosk/kiosk-core';
import { APP_ENTRY_URL } from '../../../src-main/electron/app-protocol';
import { startApp, type ElectronParts } from '../../../src-main/electron/start-app';
import { IPC_REQUEST_CHANNELS } from '../../../src-main/shared/ipc-contract';
import { APP_MAIN_FRAME, FakeEmitter, FakeIpcMain, FakeSession, FakeWebContents, fakeEvent, frame } from './fakes';

class FakeApp extends FakeEmitter {
  readonly log: string[] = [];
  gotLock = true;
  private resolveReady: () => void = () => undefined;
  private readonly ready = new Promise<void>((resolve) => {
    this.resolveReady = resolve;
  });

  requestSingleInstanceLock = () => {
    this.log.push('lock');
    return this.gotLock;
  };
  quit = vi.fn(() => this.log.push('quit'));
  enableSandbox = vi.fn(() => this.log.push('enableSandbox'));
  whenReady = () => this.ready;
  becomeReady() {
    this.log.push('ready');
    this.resolveReady();
  }
}

class FakeWindow extends FakeEmitter {
  readonly webContents = new FakeWebContents();
  readonly loadURL = vi.fn(async () => undefined);
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly removeMenu = vi.fn();
  minimized = false;
  isMinimized = () => this.minimized;
  isDestroyed = () => false;
}

function fakeCore() {
  const calls: [string, unknown][] = [];
  const handlers = Object.fromEntries(
    IPC_REQUEST_CHANNELS.map((c) => [c, async (request: unknown) => {
      calls.push([c, request]);
      return { ok: true, value: null };
    }]),
  ) as unknown as IpcHandlers;
  let listener: KioskEventListener | undefined;
  const core = {
    handlers,
    subscribe: (l: KioskEventListener) => {
      listener = l;
      return () => (listener = undefined);
    },
    start: vi.fn(async () => undefined),
    dispose: vi.fn(async () => undefined),
  } satisfies KioskCore;
  return { core, calls, emit: (...args: Parameters<KioskEventListener>) => listener?.(...args) };
}

function setup(createCore?: () => Promise<KioskCore>) {
  const app = new FakeApp();
  const protocol = {
    registerSchemesAsPrivileged: vi.fn(() => app.log.push('registerSchemesAsPrivileged')),
    handle: vi.fn(() => app.log.push('protocol.handle')),
  };
  const ipcMain = new FakeIpcMain();
  const session = new FakeSession();
  const menu = { setApplicationMenu: vi.fn() };
  const windows: FakeWindow[] = [];
  const windowOptions: unknown[] = [];
  const { core, calls, emit } = fakeCore();
  const parts = {
    app,
    protocol,
    ipcMain,
    menu,
    defaultSession: () => session,
    createWindow: (options: unknown) => {
      windowOptions.push(options);
      const w = new FakeWindow();
      windows.push(w);
      // Electron announces the new webContents to the app before anything loads.
      app.emit('web-contents-created', fakeEvent(), w.webContents);
      return w;
    },
  } as unknown as ElectronParts;
  const started = startApp(parts, {
    rendererDir: '/opt/esr-kiosk/dist/renderer',
    preloadPath: '/opt/esr-kiosk/dist/main/preload.js',
    dev: false,
    createCore: createCore ?? (async () => core),
  });
  return { app, protocol, ipcMain, session, menu, windows, windowOptions, core, calls, emit, started };
}

describe('startApp', () => {
  it('quits at once, touching nothing else, when another instance holds the lock', async () => {
    const app = new FakeApp();
    app.gotLock = false;
    const createCore = vi.fn();
    const createWindow = vi.fn();
    const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
    const result = await startApp({ app, protocol, createWindow } as unknown as ElectronParts, {
      rendererDir: '/x', preloadPath: '/x/preload.js', dev: false, createCore,
    });
    expect(result).toBeUndefined();
    expect(app.quit).toHaveBeenCalledOnce();
    expect(createCore).not.toHaveBeenCalled();
    expect(createWindow).not.toHaveBeenCalled();
    expect(protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
  });

  it('enables the sandbox and registers the app scheme before ready', async () => {
    const { app, started } = setup();
    app.becomeReady();
    await started;
    expect(app.log.slice(0, 4)).toEqual(['lock', 'enableSandbox', 'registerSchemesAsPrivileged', 'ready']);
    expect(app.log).toContain('protocol.handle');
  });

  it('hardens every webContents created, and the window’s own before it loads', async () => {
    const { app, windows, started } = setup();
    expect(app.has('web-contents-created')).toBe(true);
    app.becomeReady();
    await started;
    const event = fakeEvent();
    windows[0]!.webContents.emit('will-navigate', event, 'https://evil.example/');
    expect(event.defaultPrevented()).toBe(true);
    expect(windows[0]!.webContents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('hardens the session: every permission refused', async () => {
    const { app, session, started } = setup();
    app.becomeReady();
    await started;
    const callback = vi.fn();
    session.permissionRequestHandler?.({}, 'media', callback, {});
    expect(callback).toHaveBeenCalledWith(false);
    expect(session.permissionCheckHandler?.({}, 'media', 'app://kiosk', {})).toBe(false);
  });

  it('opens one hardened kiosk window on app://kiosk with no menu', async () => {
    const { app, windows, windowOptions, menu, started } = setup();
    app.becomeReady();
    await started;
    expect(windows).toHaveLength(1);
    expect(windowOptions[0]).toMatchObject({
      kiosk: true,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false, preload: '/opt/esr-kiosk/dist/main/preload.js' },
    });
    expect(menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(windows[0]!.removeMenu).toHaveBeenCalled();
    expect(windows[0]!.loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
    windows[0]!.emit('ready-to-show');
    expect(windows[0]!.show).toHaveBeenCalled();
  });

  it('routes IPC from the app page to core and refuses other senders', async () => {
    const { app, ipcMain, calls, core, started } = setup();
    app.becomeReady();
    await started;
    expect(core.start).toHaveBeenCalledOnce();
    expect(await ipcMain.invoke('card:verify-pin', APP_MAIN_FRAME, { pin: '1234' })).toEqual({ ok: true, value: null });
    expect(await ipcMain.invoke('card:verify-pin', frame('https://evil.example/'), { pin: '1234' })).toMatchObject({ ok: false });
    expect(calls).toEqual([['card:verify-pin', { pin: '1234' }]]);
  });

  it('pushes core events to the window', async () => {
    const { app, windows, emit, started } = setup();
    app.becomeReady();
    await started;
    emit('session:ended', { reason: 'card-removed' });
    expect(windows[0]!.webContents.sent).toEqual([['session:ended', { reason: 'card-removed' }]]);
  });

  it('brings the window forward when a second instance starts', async () => {
    const { app, windows, started } = setup();
    app.becomeReady();
    await started;
    windows[0]!.minimized = true;
    app.emit('second-instance', fakeEvent(), []);
    expect(windows[0]!.restore).toHaveBeenCalled();
    expect(windows[0]!.focus).toHaveBeenCalled();
  });

  it('disposes the core (wiping the session) before quitting', async () => {
    const { app, core, ipcMain, started } = setup();
    app.becomeReady();
    await started;
    const event = fakeEvent();
    app.emit('will-quit', event);
    expect(event.defaultPrevented()).toBe(true);
    expect(core.dispose).toHaveBeenCalledOnce();
    expect(ipcMain.handlers.size).toBe(0);
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    const second = fakeEvent();
    app.emit('will-quit', second);
    expect(second.defaultPrevented()).toBe(false);
  });

  it('opens the window before the core is ready (first start may be enrolling); requests wait for the core', async () => {
    const { core, calls } = fakeCore();
    let resolveCore: (c: KioskCore) => void = () => undefined;
    const { app, windows, ipcMain, started } = setup(() => new Promise<KioskCore>((resolve) => (resolveCore = resolve)));
    app.becomeReady();
    await vi.waitFor(() => expect(windows).toHaveLength(1));
    expect(windows[0]!.loadURL).toHaveBeenCalledWith(APP_ENTRY_URL);
    let answered = false;
    const answer = ipcMain.invoke('session:get-state', APP_MAIN_FRAME, null).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(answered).toBe(false);
    expect(core.start).not.toHaveBeenCalled();
    resolveCore(core);
    expect(await answer).toEqual({ ok: true, value: null });
    expect(calls).toEqual([['session:get-state', null]]);
    await started;
    expect(core.start).toHaveBeenCalledOnce();
  });

  it('a quit while the core is still being built disposes it once it exists', async () => {
    const { core } = fakeCore();
    let resolveCore: (c: KioskCore) => void = () => undefined;
    const { app, windows, started } = setup(() => new Promise<KioskCore>((resolve) => (resolveCore = resolve)));
    app.becomeReady();
    await vi.waitFor(() => expect(windows).toHaveLength(1));
    app.emit('will-quit', fakeEvent());
    expect(app.quit).not.toHaveBeenCalled();
    resolveCore(core);
    await started;
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalled());
    expect(core.dispose).toHaveBeenCalledOnce();
  });

  it('a core that cannot be built rejects startApp (main shows the fatal message)', async () => {
    const { app, ipcMain, started } = setup(() => Promise.reject(new Error('vault unavailable')));
    app.becomeReady();
    await expect(started).rejects.toThrow('vault unavailable');
    await expect(ipcMain.invoke('session:get-state', APP_MAIN_FRAME, null)).rejects.toThrow('vault unavailable');
  });
});
