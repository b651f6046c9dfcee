// A hand-written KioskApi for renderer unit tests: main is not part of the renderer unit, so
// its place is taken by this fake, which answers each named function the way the contract says
// and lets a test push main's events. It records calls so tests can check what was sent.

import {
  KIOSK_API_EVENTS,
  KIOSK_API_METHODS,
  type IpcEventChannel,
  type IpcEvents,
  type IpcResult,
  type KioskApi,
  type KioskInfo,
  type SessionState,
} from '../../../../src-main/shared/ipc-contract';
import { DEFAULT_PASSWORD_POLICY } from '../../../../src-main/shared/password-rules';

export type MethodName = keyof typeof KIOSK_API_METHODS;

export interface RecordedCall {
  readonly method: MethodName;
  readonly request: unknown;
}

type Responder = (request: unknown) => IpcResult<unknown> | Promise<IpcResult<unknown>>;

export const TEST_INFO: KioskInfo = {
  version: '0.1.0-test',
  language: 'en',
  passwordPolicy: DEFAULT_PASSWORD_POLICY,
  idleTimeoutSeconds: 120,
  managedSettings: [],
  supportContact: 'call the IT service desk on 01234 567890',
};

export interface FakeKiosk {
  readonly api: KioskApi;
  readonly calls: RecordedCall[];
  state: SessionState;
  info: KioskInfo;
  /** Answer `method` with this (default: `{ ok: true, value: null }`). */
  respond(method: MethodName, responder: Responder): void;
  emit<E extends IpcEventChannel>(channel: E, payload: IpcEvents[E]): void;
  /** Main moving to a new state: remembers it and pushes session:state. */
  moveTo(state: SessionState): void;
  callsTo(method: MethodName): unknown[];
}

export function createFakeKiosk(initial: SessionState = { name: 'waiting-for-card' }): FakeKiosk {
  const listeners = new Map<IpcEventChannel, Set<(payload: unknown) => void>>();
  const responders = new Map<MethodName, Responder>();
  const calls: RecordedCall[] = [];

  const fake: FakeKiosk = {
    api: {} as KioskApi,
    calls,
    state: initial,
    info: TEST_INFO,
    respond(method, responder) {
      responders.set(method, responder);
    },
    emit(channel, payload) {
      for (const listener of [...(listeners.get(channel) ?? [])]) listener(payload);
    },
    moveTo(state) {
      fake.state = state;
      fake.emit('session:state', state);
    },
    callsTo(method) {
      return calls.filter((c) => c.method === method).map((c) => c.request);
    },
  };

  const api: Record<string, unknown> = {};
  for (const name of Object.keys(KIOSK_API_METHODS) as MethodName[]) {
    api[name] = async (request?: unknown) => {
      calls.push({ method: name, request: request ?? null });
      const responder = responders.get(name);
      if (responder) return responder(request ?? null);
      if (name === 'getInfo') return { ok: true, value: fake.info };
      if (name === 'getState') return { ok: true, value: fake.state };
      return { ok: true, value: null };
    };
  }
  for (const [name, channel] of Object.entries(KIOSK_API_EVENTS)) {
    api[name] = (listener: (payload: unknown) => void) => {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    };
  }
  (fake as { api: KioskApi }).api = api as unknown as KioskApi;
  return fake;
}
