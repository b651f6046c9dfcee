// The browser host's transport (test and demo support): the same IPC contract as Electron,
// carried as JSON over one WebSocket. Only the transport differs; main's handlers, schemas and
// sender checks are the same ones.

import type { IpcEventChannel, IpcEvents, IpcRequestChannel, IpcResult } from './ipc-contract';

export interface WsInvoke {
  readonly type: 'invoke';
  readonly id: number;
  readonly channel: IpcRequestChannel;
  readonly request: unknown;
}

export interface WsResult {
  readonly type: 'result';
  readonly id: number;
  readonly result: IpcResult<unknown>;
}

export interface WsEvent<E extends IpcEventChannel = IpcEventChannel> {
  readonly type: 'event';
  readonly channel: E;
  readonly payload: IpcEvents[E];
}

export type WsClientMessage = WsInvoke;
export type WsServerMessage = WsResult | WsEvent;

/** Path the browser host serves its WebSocket on, same origin as the renderer. */
export const WS_PATH = '/ipc';
