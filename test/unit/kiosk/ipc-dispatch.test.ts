import { describe, expect, it, vi } from 'vitest';
import { createIpcDispatcher } from '../../../src-main/core/kiosk/ipc-dispatch';
import type { IpcHandlers } from '../../../src-main/core/kiosk/kiosk-core';
import { IPC_REQUEST_CHANNELS } from '../../../src-main/shared/ipc-contract';

/** Handlers that record what they were given and answer ok(null). */
function recordingHandlers(overrides: Partial<Record<string, (request: unknown) => Promise<unknown>>> = {}) {
  const calls: [string, unknown][] = [];
  const table = Object.fromEntries(
    IPC_REQUEST_CHANNELS.map((channel) => [
      channel,
      async (request: unknown) => {
        calls.push([channel, request]);
        const override = overrides[channel];
        return override ? override(request) : { ok: true, value: null };
      },
    ]),
  );
  return { handlers: table as unknown as IpcHandlers, calls };
}

describe('createIpcDispatcher', () => {
  it('hands a valid request to the one handler for its channel', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createIpcDispatcher(handlers);
    expect(await dispatch('card:verify-pin', { pin: '123456' })).toEqual({ ok: true, value: null });
    expect(calls).toEqual([['card:verify-pin', { pin: '123456' }]]);
  });

  it('passes the handler result through unchanged, failures included', async () => {
    const answer = { ok: false, error: { code: 'PIN_INCORRECT', triesLeft: 2 } };
    const { handlers } = recordingHandlers({ 'card:verify-pin': async () => answer });
    expect(await createIpcDispatcher(handlers)('card:verify-pin', { pin: '1234' })).toBe(answer);
  });

  it('refuses an unknown channel without calling any handler', async () => {
    const { handlers, calls } = recordingHandlers();
    const dispatch = createIpcDispatcher(handlers);
    for (const channel of ['kiosk:shutdown', '__proto__', 'toString', 42, null, undefined]) {
      expect(await dispatch(channel, null)).toEqual({ ok: false, error: { code: 'INVALID_REQUEST' } });
    }
    expect(calls).toEqual([]);
  });

  it('refuses an invalid payload and never echoes it', async () => {
    const { handlers, calls } = recordingHandlers();
    const onHandlerFailure = vi.fn();
    const dispatch = createIpcDispatcher(handlers, { onHandlerFailure });
    const result = await dispatch('card:verify-pin', { pin: '12345678901', note: 'secret-pin' });
    expect(result).toEqual({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(JSON.stringify(result)).not.toMatch(/12345678901|secret-pin/);
    expect(calls).toEqual([]);
    expect(onHandlerFailure).not.toHaveBeenCalled();
  });

  it('gives the handler the parsed value, not the caller object', async () => {
    const { handlers, calls } = recordingHandlers();
    const payload = { language: 'cy' };
    await createIpcDispatcher(handlers)('kiosk:set-language', payload);
    expect(calls[0]?.[1]).toEqual(payload);
    expect(calls[0]?.[1]).not.toBe(payload);
  });

  it('turns a handler throw into INTERNAL without its message, and reports it', async () => {
    const boom = new Error('database at /var/lib/x said PIN 4321 was wrong');
    const { handlers } = recordingHandlers({
      'session:sign-out': async () => {
        throw boom;
      },
    });
    const onHandlerFailure = vi.fn();
    const result = await createIpcDispatcher(handlers, { onHandlerFailure })('session:sign-out', null);
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(result)).not.toContain('4321');
    expect(onHandlerFailure).toHaveBeenCalledWith('session:sign-out', boom);
  });

  it('turns a synchronous throw and a malformed answer into INTERNAL', async () => {
    const { handlers } = recordingHandlers({
      'gateway:retry': () => {
        throw new Error('sync');
      },
      'card:cancel': async () => ({ value: 'no ok flag' }),
      'session:activity': async () => ({ ok: false, error: 'not an object' }),
    });
    const dispatch = createIpcDispatcher(handlers);
    for (const channel of ['gateway:retry', 'card:cancel', 'session:activity']) {
      expect(await dispatch(channel, null)).toEqual({ ok: false, error: { code: 'INTERNAL' } });
    }
  });
});
