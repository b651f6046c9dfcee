// KioskApi over one WebSocket (the browser host's transport, src-main/shared/ws-protocol.ts).
// The same named functions the Electron preload exposes, so screens cannot tell them apart.
//
// - Reconnects by itself with capped exponential backoff and jitter.
// - A call made while the socket is not open waits for it (up to `connectWaitMs`).
// - If the socket drops, every call still waiting for its answer fails at once with
//   GATEWAY_UNREACHABLE: the screen offers "Try again" and keeps what was typed. A call is never
//   re-sent by itself, because main may already have acted on it (a PIN must never be resent).

import {
  IPC_EVENT_CHANNELS,
  KIOSK_API_EVENTS,
  KIOSK_API_METHODS,
  type IpcEventChannel,
  type IpcEvents,
  type IpcRequestChannel,
  type IpcResult,
  type KioskApi,
} from '../../src-main/shared/ipc-contract';
import type { WsClientMessage, WsServerMessage } from '../../src-main/shared/ws-protocol';

/** The part of the WHATWG WebSocket this client uses (the browser's, or `ws` in Node tests). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number): void;
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export type WebSocketFactory = (url: string) => WebSocketLike;

export interface WsClientOptions {
  readonly url: string;
  readonly createSocket: WebSocketFactory;
  /** First reconnect delay; doubles up to maxBackoffMs. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** How long a call made while disconnected waits for the socket before failing. */
  readonly connectWaitMs?: number;
  readonly random?: () => number;
}

export type ConnectionListener = (connected: boolean) => void;

export interface WsKioskClient {
  readonly api: KioskApi;
  isConnected(): boolean;
  /** Called with true on every (re)connect and false on every drop. */
  onConnectionChange(listener: ConnectionListener): () => void;
  /** Stops reconnecting and fails what is pending. */
  close(): void;
}

const OPEN = 1;

type Settle = (result: IpcResult<unknown>) => void;

function unreachable(): IpcResult<never> {
  return { ok: false, error: { code: 'GATEWAY_UNREACHABLE' } };
}

function isEventChannel(value: unknown): value is IpcEventChannel {
  return typeof value === 'string' && (IPC_EVENT_CHANNELS as readonly string[]).includes(value);
}

function parseServerMessage(data: unknown): WsServerMessage | null {
  if (typeof data !== 'string') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const message = parsed as Record<string, unknown>;
  if (message.type === 'result' && typeof message.id === 'number') {
    const result = message.result as Record<string, unknown> | null | undefined;
    if (typeof result !== 'object' || result === null || typeof result.ok !== 'boolean') return null;
    return parsed as WsServerMessage;
  }
  if (message.type === 'event' && isEventChannel(message.channel)) return parsed as WsServerMessage;
  return null;
}

export function createWsKioskClient(options: WsClientOptions): WsKioskClient {
  const initialBackoff = options.initialBackoffMs ?? 250;
  const maxBackoff = options.maxBackoffMs ?? 5_000;
  const connectWait = options.connectWaitMs ?? 10_000;
  const random = options.random ?? Math.random;

  let socket: WebSocketLike | null = null;
  let connected = false;
  let closed = false;
  let attempt = 0;
  let nextId = 1;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  const inFlight = new Map<number, Settle>();
  const waitingForOpen = new Set<() => void>();
  const connectionListeners = new Set<ConnectionListener>();
  const eventListeners = new Map<IpcEventChannel, Set<(payload: unknown) => void>>();

  function setConnected(value: boolean): void {
    if (connected === value) return;
    connected = value;
    for (const listener of connectionListeners) listener(value);
  }

  function failInFlight(): void {
    const pending = [...inFlight.values()];
    inFlight.clear();
    for (const settle of pending) settle(unreachable());
  }

  function scheduleReconnect(): void {
    if (closed || reconnectTimer !== undefined) return;
    const base = Math.min(maxBackoff, initialBackoff * 2 ** attempt);
    attempt++;
    // Full jitter on the upper half: many kiosks restarting with one host do not stampede it.
    const delay = Math.round(base / 2 + (random() * base) / 2);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      connect();
    }, delay);
  }

  function connect(): void {
    if (closed) return;
    let ws: WebSocketLike;
    try {
      ws = options.createSocket(options.url);
    } catch {
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.addEventListener('open', () => {
      if (socket !== ws) return;
      attempt = 0;
      setConnected(true);
      const waiters = [...waitingForOpen];
      waitingForOpen.clear();
      for (const wake of waiters) wake();
    });
    ws.addEventListener('message', (event) => {
      if (socket === ws) onMessage(event.data);
    });
    const onDown = (): void => {
      if (socket !== ws) return;
      socket = null;
      setConnected(false);
      failInFlight();
      scheduleReconnect();
    };
    ws.addEventListener('close', onDown);
    ws.addEventListener('error', () => {
      // 'close' follows 'error' in browsers and in ws; closing here covers transports that do not.
      try {
        ws.close();
      } catch {
        /* already closing */
      }
      onDown();
    });
  }

  function onMessage(data: unknown): void {
    const message = parseServerMessage(data);
    if (!message) return;
    if (message.type === 'result') {
      const settle = inFlight.get(message.id);
      if (!settle) return;
      inFlight.delete(message.id);
      settle(message.result);
      return;
    }
    const listeners = eventListeners.get(message.channel);
    if (!listeners) return;
    for (const listener of [...listeners]) listener(message.payload);
  }

  function waitForOpen(): Promise<boolean> {
    if (connected) return Promise.resolve(true);
    if (closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        resolve(connected);
      };
      const timer = setTimeout(() => {
        waitingForOpen.delete(wake);
        resolve(false);
      }, connectWait);
      waitingForOpen.add(wake);
    });
  }

  async function invoke(channel: IpcRequestChannel, request: unknown): Promise<IpcResult<unknown>> {
    if (!(await waitForOpen())) return unreachable();
    const ws = socket;
    if (!ws || ws.readyState !== OPEN) return unreachable();
    const id = nextId++;
    const message: WsClientMessage = { type: 'invoke', id, channel, request };
    return new Promise((resolve) => {
      inFlight.set(id, resolve);
      try {
        ws.send(JSON.stringify(message));
      } catch {
        inFlight.delete(id);
        resolve(unreachable());
      }
    });
  }

  function subscribe(channel: IpcEventChannel, listener: (payload: unknown) => void): () => void {
    let set = eventListeners.get(channel);
    if (!set) {
      set = new Set();
      eventListeners.set(channel, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  const api: Record<string, unknown> = {};
  for (const [name, channel] of Object.entries(KIOSK_API_METHODS)) {
    api[name] = (request?: unknown) => invoke(channel, request ?? null);
  }
  for (const [name, channel] of Object.entries(KIOSK_API_EVENTS)) {
    api[name] = (listener: (payload: IpcEvents[typeof channel]) => void) =>
      subscribe(channel, listener as (payload: unknown) => void);
  }

  connect();

  return {
    // Built from the same method tables the preload uses, so every name is present.
    api: Object.freeze(api) as unknown as KioskApi,
    isConnected: () => connected,
    onConnectionChange(listener) {
      connectionListeners.add(listener);
      return () => {
        connectionListeners.delete(listener);
      };
    },
    close() {
      closed = true;
      if (reconnectTimer !== undefined) clearTimeout(reconnectTimer);
      reconnectTimer = undefined;
      const ws = socket;
      socket = null;
      setConnected(false);
      failInFlight();
      const waiters = [...waitingForOpen];
      waitingForOpen.clear();
      for (const wake of waiters) wake();
      ws?.close();
    },
  };
}
