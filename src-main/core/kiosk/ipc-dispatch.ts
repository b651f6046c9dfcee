// The one door from a transport into the core: Electron's ipcMain and the browser host's
// WebSocket both hand every (channel, payload) they receive to the function made here, after
// checking the sender. It refuses what the contract does not allow and never lets a handler's
// exception (or its message) reach the renderer.

import type { KioskErrorCode } from '../../shared/errors';
import type { IpcRequestChannel, IpcResult } from '../../shared/ipc-contract';
import { parseIpcRequest } from '../../shared/ipc-schemas';
import type { IpcHandlers } from './kiosk-core';

export type IpcDispatcher = (channel: unknown, payload: unknown) => Promise<IpcResult<unknown>>;

export interface IpcDispatcherOptions {
  /**
   * Told about a handler that threw or answered with something that is not an IpcResult, so
   * main can log it (through its redacting logger). Never told about a refused payload: that
   * payload may hold a PIN.
   */
  readonly onHandlerFailure?: (channel: IpcRequestChannel, error: unknown) => void;
}

function failure(code: KioskErrorCode): IpcResult<never> {
  return { ok: false, error: { code } };
}

export const INVALID_REQUEST: IpcResult<never> = Object.freeze(failure('INVALID_REQUEST'));

function isIpcResult(value: unknown): value is IpcResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const { ok } = value as { ok?: unknown };
  if (ok === true) return 'value' in value;
  if (ok !== false) return false;
  const { error } = value as { error?: unknown };
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

export function createIpcDispatcher(handlers: IpcHandlers, options: IpcDispatcherOptions = {}): IpcDispatcher {
  return async (channel, payload) => {
    const parsed = parseIpcRequest(channel, payload);
    if (!parsed.ok) return INVALID_REQUEST;
    // The schema table and the handler table share one key type; parseIpcRequest proved the
    // payload has this channel's request shape.
    const handler = handlers[parsed.channel] as (request: unknown) => Promise<unknown>;
    try {
      const result = await handler(parsed.request);
      if (isIpcResult(result)) return result;
      options.onHandlerFailure?.(parsed.channel, new TypeError('handler answered with something that is not an IpcResult'));
    } catch (error: unknown) {
      options.onHandlerFailure?.(parsed.channel, error);
    }
    return failure('INTERNAL');
  };
}
