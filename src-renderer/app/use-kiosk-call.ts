// One API call from a screen: busy while it runs (no double submit), the failed result's
// error kept for the screen to show, and the last call remembered so "Try again" can repeat it
// after GATEWAY_UNREACHABLE without the person retyping anything.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcResult } from '../../src-main/shared/ipc-contract';

export type IpcError = Extract<IpcResult<unknown>, { ok: false }>['error'];

export interface KioskCall {
  readonly busy: boolean;
  readonly error: IpcError | null;
  /** Runs the call; resolves to its result, or null if another call was still running. */
  run<T>(call: () => Promise<IpcResult<T>>): Promise<IpcResult<T> | null>;
  /** Runs the last call again (same closure, so the same typed values). */
  retry(): Promise<void>;
  clearError(): void;
}

export function isUnreachable(error: IpcError | null): boolean {
  return error?.code === 'GATEWAY_UNREACHABLE' || error?.code === 'GATEWAY_TIMEOUT';
}

export function useKioskCall(): KioskCall {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const busyRef = useRef(false);
  const lastCall = useRef<(() => Promise<IpcResult<unknown>>) | null>(null);
  const mounted = useRef(true);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      // Drop the closure: it may hold what was typed.
      lastCall.current = null;
    };
  }, []);

  const run = useCallback(async <T,>(call: () => Promise<IpcResult<T>>): Promise<IpcResult<T> | null> => {
    if (busyRef.current) return null;
    busyRef.current = true;
    lastCall.current = call;
    setBusy(true);
    try {
      let result: IpcResult<T>;
      try {
        result = await call();
      } catch {
        // The transport threw (main's handler crashed): say so without guessing more.
        result = { ok: false, error: { code: 'INTERNAL' } };
      }
      if (mounted.current) setError(result.ok ? null : result.error);
      if (result.ok) lastCall.current = null;
      return result;
    } finally {
      busyRef.current = false;
      if (mounted.current) setBusy(false);
    }
  }, []);

  const retry = useCallback(async () => {
    const call = lastCall.current;
    if (call) await run(call);
  }, [run]);

  const clearError = useCallback(() => setError(null), []);

  return { busy, error, run, retry, clearError };
}
