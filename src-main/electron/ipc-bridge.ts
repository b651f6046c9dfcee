// Electron's side of the IPC contract: one ipcMain.handle per request channel, each refusing a
// sender that is not our app's main frame, then handing the raw payload to the shared
// dispatcher (schema check, handler, error containment: core/kiosk/ipc-dispatch.ts).
// Events go the other way with webContents.send, one channel each.

import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { IpcDispatcher } from '../core/kiosk/ipc-dispatch';
import { INVALID_REQUEST } from '../core/kiosk/ipc-dispatch';
import type { KioskCore } from '../core/kiosk/kiosk-core';
import { IPC_REQUEST_CHANNELS, type IpcResult } from '../shared/ipc-contract';
import { APP_ORIGIN } from './app-protocol';

export type SenderCheck = (event: Pick<IpcMainInvokeEvent, 'senderFrame'>) => boolean;

/**
 * True only for the top frame of a page loaded from app://kiosk/. A subframe, a page that got
 * somewhere else, an about:blank or data: document, or a frame already gone are all refused.
 */
export function createSenderCheck(origin: string = APP_ORIGIN): SenderCheck {
  const expected = new URL(origin);
  return ({ senderFrame }) => {
    if (!senderFrame || senderFrame.parent !== null) return false;
    // Node's URL gives custom schemes an opaque origin, so compare scheme and host; the frame's
    // own origin (Chromium's view, where app: is a standard scheme) must agree too.
    let url: URL;
    try {
      url = new URL(senderFrame.url);
    } catch {
      return false;
    }
    return url.protocol === expected.protocol && url.host === expected.host && senderFrame.origin === origin;
  };
}

export interface IpcRegistration {
  /** Removes every handler this registration added. */
  dispose(): void;
}

export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: IpcDispatcher,
  isTrustedSender: SenderCheck,
): IpcRegistration {
  for (const channel of IPC_REQUEST_CHANNELS) {
    // Only the first argument is the payload; anything after it is ignored, never forwarded.
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event)) return Promise.resolve(INVALID_REQUEST);
      return dispatch(channel, payload);
    });
  }
  return {
    dispose: () => {
      for (const channel of IPC_REQUEST_CHANNELS) ipcMain.removeHandler(channel);
    },
  };
}

/** Pushes every core event to the window while it lives. Returns the unsubscribe function. */
export function forwardKioskEvents(
  core: Pick<KioskCore, 'subscribe'>,
  target: Pick<WebContents, 'send' | 'isDestroyed'>,
): () => void {
  return core.subscribe((channel, payload) => {
    if (!target.isDestroyed()) target.send(channel, payload);
  });
}
