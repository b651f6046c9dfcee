// Locks down every webContents and its session (DESIGN.md section 7, the Electron security
// checklist): no navigation of any kind, no new windows, no webview, every permission refused,
// no downloads, and in production no devtools and no reload shortcuts. main.ts applies it from
// app 'web-contents-created', so a webContents nobody planned for is covered too.

import type { Input, Session, WebContents } from 'electron';

export interface HardenOptions {
  /** Development only: devtools and reload keys work. */
  readonly dev: boolean;
  /** Told about each refused attempt (navigation target, permission name): for the log. */
  readonly onBlocked?: (what: BlockedAction) => void;
}

export type BlockedAction =
  | { readonly kind: 'navigation'; readonly event: string; readonly url: string }
  | { readonly kind: 'window-open'; readonly url: string }
  | { readonly kind: 'webview' }
  | { readonly kind: 'permission'; readonly permission: string }
  | { readonly kind: 'device-permission' }
  | { readonly kind: 'download' }
  | { readonly kind: 'shortcut'; readonly key: string }
  | { readonly kind: 'devtools' };

interface Preventable {
  preventDefault(): void;
}

/** The part of WebContents this module touches, so tests can hand in a recording fake. */
export type HardenableWebContents = Pick<WebContents, 'on' | 'setWindowOpenHandler' | 'closeDevTools'>;
export type HardenableSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'on'
>;

/** Reload and devtools keys (Windows/Linux and macOS spellings). Zoom stays: it helps people read. */
export function isBlockedShortcut(input: Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'shift' | 'alt'>): boolean {
  if (input.type !== 'keyDown' && input.type !== 'rawKeyDown') return false;
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;
  if (key === 'f5' || key === 'f12' || key === 'browserrefresh') return true;
  if (mod && key === 'r') return true;
  if (mod && (input.shift || input.alt) && (key === 'i' || key === 'j' || key === 'c')) return true;
  return false;
}

export function hardenWebContents(contents: HardenableWebContents, options: HardenOptions): void {
  const report = options.onBlocked ?? (() => undefined);

  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    report({ kind: 'navigation', event: 'will-navigate', url });
  });
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault();
    report({ kind: 'navigation', event: 'will-frame-navigate', url: event.url });
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    report({ kind: 'navigation', event: 'will-redirect', url });
  });
  contents.setWindowOpenHandler(({ url }) => {
    report({ kind: 'window-open', url });
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event: Preventable) => {
    event.preventDefault();
    report({ kind: 'webview' });
  });

  if (options.dev) return;

  contents.on('before-input-event', (event, input) => {
    if (!isBlockedShortcut(input)) return;
    event.preventDefault();
    report({ kind: 'shortcut', key: input.key });
  });
  contents.on('devtools-opened', () => {
    contents.closeDevTools();
    report({ kind: 'devtools' });
  });
}

/** Refuses every permission request and check, device access, and downloads, for the session. */
export function hardenSession(session: HardenableSession, options: Pick<HardenOptions, 'onBlocked'> = {}): void {
  const report = options.onBlocked ?? (() => undefined);
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    report({ kind: 'permission', permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => {
    report({ kind: 'device-permission' });
    return false;
  });
  session.on('will-download', (event) => {
    event.preventDefault();
    report({ kind: 'download' });
  });
}
