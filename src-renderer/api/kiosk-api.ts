// Where the renderer's KioskApi comes from: the Electron preload's `window.esrKiosk`, or, in the
// browser host used by the tests and the demo, the same functions over a same-origin WebSocket.

import type { KioskApi } from '../../src-main/shared/ipc-contract';
import { WS_PATH } from '../../src-main/shared/ws-protocol';
import { createWsKioskClient, type ConnectionListener } from './ws-client';

declare global {
  interface Window {
    /** Exposed by the preload through contextBridge; absent in a plain browser. */
    readonly esrKiosk?: KioskApi;
  }
}

export interface KioskConnection {
  readonly api: KioskApi;
  /** Only the WebSocket transport can drop; Electron IPC is always there. */
  readonly onConnectionChange: ((listener: ConnectionListener) => () => void) | null;
  readonly isConnected: () => boolean;
}

export function webSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${WS_PATH}`;
}

export function resolveKioskApi(win: Window = window): KioskConnection {
  const preload = win.esrKiosk;
  if (preload) return { api: preload, onConnectionChange: null, isConnected: () => true };
  const client = createWsKioskClient({
    url: webSocketUrl(win.location),
    createSocket: (url) => new WebSocket(url),
  });
  return {
    api: client.api,
    onConnectionChange: (listener) => client.onConnectionChange(listener),
    isConnected: () => client.isConnected(),
  };
}
