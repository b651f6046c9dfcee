// What the preload hands to contextBridge: one named function per request channel and one
// subscribe function per event channel, built from the shared tables (STYLE.md 4). The
// renderer never gets ipcRenderer, a channel name, or Electron's event object.

import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { KIOSK_API_EVENTS, KIOSK_API_METHODS, type KioskApi } from '../shared/ipc-contract';

/** The name under which the API appears in the renderer: `window.esrKiosk`. */
export const KIOSK_API_GLOBAL = 'esrKiosk';

export type PreloadIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function buildKioskApi(ipc: PreloadIpc): KioskApi {
  const api: Record<string, unknown> = {};
  for (const [name, channel] of Object.entries(KIOSK_API_METHODS)) {
    // Requests without a payload send null; main's schema decides what is acceptable.
    api[name] = (request?: unknown): Promise<unknown> => ipc.invoke(channel, request === undefined ? null : request);
  }
  for (const [name, channel] of Object.entries(KIOSK_API_EVENTS)) {
    api[name] = (listener: unknown): (() => void) => {
      if (typeof listener !== 'function') throw new TypeError(`${name} needs a listener function`);
      const forward = (_event: IpcRendererEvent, payload: unknown): void => {
        (listener as (payload: unknown) => void)(payload);
      };
      ipc.on(channel, forward);
      return () => {
        ipc.removeListener(channel, forward);
      };
    };
  }
  return Object.freeze(api) as unknown as KioskApi;
}
