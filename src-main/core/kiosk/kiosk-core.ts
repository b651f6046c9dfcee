// The composition root's face: what Electron's glue and the browser host both drive. Each
// transport validates the payload (shared/ipc-schemas) and checks its sender, then calls the
// same handler here; neither holds any logic of its own.

import type {
  IpcEventChannel,
  IpcEvents,
  IpcRequestChannel,
  IpcRequestOf,
  IpcResult,
  IpcResultOf,
} from '../../shared/ipc-contract';

export type IpcHandler<C extends IpcRequestChannel> = (
  request: IpcRequestOf<C>,
) => Promise<IpcResult<IpcResultOf<C>>>;

export type IpcHandlers = { readonly [C in IpcRequestChannel]: IpcHandler<C> };

export type KioskEventListener = <E extends IpcEventChannel>(channel: E, payload: IpcEvents[E]) => void;

export interface KioskCore {
  readonly handlers: IpcHandlers;
  /** Every event main pushes to the renderer. Returns an unsubscribe function. */
  subscribe(listener: KioskEventListener): () => void;
  start(): Promise<void>;
  dispose(): Promise<void>;
}
