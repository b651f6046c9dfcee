import { describe, expect, it, vi } from 'vitest';
import { buildKioskApi, KIOSK_API_GLOBAL } from '../../../src-main/electron/preload-api';
import { KIOSK_API_EVENTS, KIOSK_API_METHODS } from '../../../src-main/shared/ipc-contract';

function fakeIpcRenderer() {
  const listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  return {
    invoke: vi.fn(async () => ({ ok: true, value: null })),
    on: vi.fn((channel: string, l: (...args: unknown[]) => void) => {
      listeners.set(channel, [...(listeners.get(channel) ?? []), l]);
    }),
    removeListener: vi.fn((channel: string, l: (...args: unknown[]) => void) => {
      listeners.set(channel, (listeners.get(channel) ?? []).filter((x) => x !== l));
    }),
    emit(channel: string, payload: unknown) {
      for (const l of listeners.get(channel) ?? []) l({ sender: 'the IpcRendererEvent', ports: [] }, payload);
    },
    count: (channel: string) => (listeners.get(channel) ?? []).length,
  };
}

describe('buildKioskApi', () => {
  it('exposes exactly the named methods and event subscriptions, all functions', () => {
    const api = buildKioskApi(fakeIpcRenderer() as never) as unknown as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...Object.keys(KIOSK_API_METHODS), ...Object.keys(KIOSK_API_EVENTS)].sort());
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    for (const forbidden of ['invoke', 'send', 'on', 'ipcRenderer', 'sendSync', 'postMessage']) expect(api).not.toHaveProperty(forbidden);
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('binds each method to its one channel', async () => {
    const ipc = fakeIpcRenderer();
    const api = buildKioskApi(ipc as never) as unknown as Record<string, (arg?: unknown) => Promise<unknown>>;
    for (const [name, channel] of Object.entries(KIOSK_API_METHODS)) {
      ipc.invoke.mockClear();
      await api[name]!({ marker: name });
      expect(ipc.invoke).toHaveBeenCalledExactlyOnceWith(channel, { marker: name });
    }
  });

  it('sends null for a method called without a request, and drops extra arguments', async () => {
    const ipc = fakeIpcRenderer();
    const api = buildKioskApi(ipc as never);
    await api.getState();
    expect(ipc.invoke).toHaveBeenLastCalledWith('session:get-state', null);
    await (api.verifyPin as (...a: unknown[]) => Promise<unknown>)({ pin: '1234' }, 'extra', 'args');
    expect(ipc.invoke).toHaveBeenLastCalledWith('card:verify-pin', { pin: '1234' });
  });

  it('returns what main answered', async () => {
    const ipc = fakeIpcRenderer();
    ipc.invoke.mockResolvedValueOnce({ ok: false, error: { code: 'PIN_INCORRECT', triesLeft: 2 } } as never);
    expect(await buildKioskApi(ipc as never).verifyPin({ pin: '0000' })).toEqual({ ok: false, error: { code: 'PIN_INCORRECT', triesLeft: 2 } });
  });

  it('hands listeners the payload only, never the Electron event, and unsubscribes', () => {
    const ipc = fakeIpcRenderer();
    const api = buildKioskApi(ipc as never);
    const listener = vi.fn();
    const off = api.onSessionEnded(listener);
    ipc.emit('session:ended', { reason: 'card-removed' });
    expect(listener).toHaveBeenCalledExactlyOnceWith({ reason: 'card-removed' });
    off();
    expect(ipc.count('session:ended')).toBe(0);
    ipc.emit('session:ended', { reason: 'idle-timeout' });
    expect(listener).toHaveBeenCalledOnce();
  });

  it('subscribes each event function to its own channel', () => {
    const ipc = fakeIpcRenderer();
    const api = buildKioskApi(ipc as never) as unknown as Record<string, (l: () => void) => () => void>;
    for (const [name, channel] of Object.entries(KIOSK_API_EVENTS)) {
      api[name]!(() => undefined);
      expect(ipc.on).toHaveBeenLastCalledWith(channel, expect.any(Function));
    }
  });

  it('refuses a listener that is not a function', () => {
    const api = buildKioskApi(fakeIpcRenderer() as never) as unknown as Record<string, (l: unknown) => unknown>;
    expect(() => api.onSessionState!('not a function')).toThrow(TypeError);
  });
});

describe('preload.ts', () => {
  it('exposes the API as window.esrKiosk and nothing else', async () => {
    const exposeInMainWorld = vi.fn();
    const ipcRenderer = fakeIpcRenderer();
    vi.doMock('electron', () => ({ contextBridge: { exposeInMainWorld }, ipcRenderer }));
    await import('../../../src-main/electron/preload');
    vi.doUnmock('electron');
    expect(KIOSK_API_GLOBAL).toBe('esrKiosk');
    expect(exposeInMainWorld).toHaveBeenCalledExactlyOnceWith('esrKiosk', expect.any(Object));
    const api = exposeInMainWorld.mock.calls[0]![1] as Record<string, unknown>;
    expect(api).not.toBe(ipcRenderer);
    expect(Object.keys(api).sort()).toEqual([...Object.keys(KIOSK_API_METHODS), ...Object.keys(KIOSK_API_EVENTS)].sort());
  });
});
