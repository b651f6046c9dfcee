// Hand-written fakes of the Electron objects the glue touches (STYLE.md 2): each records the
// handlers registered on it so a test can fire them as Electron would.
import { vi } from 'vitest';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a fake accepts listeners of every Electron signature
type Listener = (...args: any[]) => unknown;

/** An emitter that keeps every listener by event name and can fire them. */
export class FakeEmitter {
  readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }

  has(event: string): boolean {
    return (this.listeners.get(event) ?? []).length > 0;
  }

  /** Calls every listener for `event`; returns what they returned. */
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((l) => l(...args));
  }
}

export interface FakeEvent {
  readonly preventDefault: ReturnType<typeof vi.fn>;
  readonly defaultPrevented: () => boolean;
  readonly url?: string;
}

export function fakeEvent(extra: Record<string, unknown> = {}): FakeEvent {
  const preventDefault = vi.fn();
  return { ...extra, preventDefault, defaultPrevented: () => preventDefault.mock.calls.length > 0 };
}

export class FakeWebContents extends FakeEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly closeDevTools = vi.fn();
  readonly sent: [string, unknown][] = [];
  destroyed = false;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }
}

export class FakeSession extends FakeEmitter {
  permissionRequestHandler: Listener | undefined;
  permissionCheckHandler: Listener | undefined;
  devicePermissionHandler: Listener | undefined;

  setPermissionRequestHandler(handler: Listener): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: Listener): void {
    this.permissionCheckHandler = handler;
  }

  setDevicePermissionHandler(handler: Listener): void {
    this.devicePermissionHandler = handler;
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, Listener>();

  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What Electron does on ipcRenderer.invoke(channel, ...args) from `senderFrame`. */
  async invoke(channel: string, senderFrame: FakeFrame | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler({ senderFrame }, ...args);
  }
}

export interface FakeFrame {
  readonly url: string;
  readonly origin: string;
  readonly parent: FakeFrame | null;
}

export function frame(url: string, parent: FakeFrame | null = null): FakeFrame {
  // As Chromium reports it: app: is registered as a standard scheme, so it has a real origin.
  let origin = 'null';
  try {
    const parsed = new URL(url);
    if (['app:', 'http:', 'https:'].includes(parsed.protocol)) origin = `${parsed.protocol}//${parsed.host}`;
  } catch {
    // keep 'null', as for any opaque origin
  }
  return { url, origin, parent };
}

export const APP_MAIN_FRAME = frame('app://kiosk/index.html');
