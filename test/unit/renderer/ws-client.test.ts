// The renderer's WebSocket KioskApi against a real `ws` server on loopback: calls and results,
// events, a drop failing pending calls with GATEWAY_UNREACHABLE, and reconnecting by itself.

import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { WsClientMessage, WsServerMessage } from '../../../src-main/shared/ws-protocol';
import { createWsKioskClient, type WsKioskClient } from '../../../src-renderer/api/ws-client';

interface Host {
  readonly server: WebSocketServer;
  readonly url: string;
  readonly port: number;
  readonly received: WsClientMessage[];
  connections: number;
  /** What the host answers; default `{ ok: true, value: <channel> }`. */
  answer: (message: WsClientMessage, socket: WebSocket) => void;
}

const opened: { hosts: Host[]; clients: WsKioskClient[] } = { hosts: [], clients: [] };

async function startHost(port = 0): Promise<Host> {
  const server = new WebSocketServer({ host: '127.0.0.1', port, path: '/ipc' });
  await once(server, 'listening');
  const actualPort = (server.address() as AddressInfo).port;
  const host: Host = {
    server,
    port: actualPort,
    url: `ws://127.0.0.1:${actualPort}/ipc`,
    received: [],
    connections: 0,
    answer: (message, socket) => {
      const reply: WsServerMessage = { type: 'result', id: message.id, result: { ok: true, value: message.channel } };
      socket.send(JSON.stringify(reply));
    },
  };
  server.on('connection', (socket) => {
    host.connections++;
    socket.on('message', (data) => {
      const message = JSON.parse((data as Buffer).toString("utf8")) as WsClientMessage;
      host.received.push(message);
      host.answer(message, socket);
    });
  });
  opened.hosts.push(host);
  return host;
}

async function stopHost(host: Host): Promise<void> {
  for (const client of host.server.clients) client.terminate();
  await new Promise<void>((resolve) => host.server.close(() => resolve()));
}

function client(url: string, extra: Partial<Parameters<typeof createWsKioskClient>[0]> = {}): WsKioskClient {
  const c = createWsKioskClient({
    url,
    createSocket: (u) => new WebSocket(u),
    initialBackoffMs: 20,
    maxBackoffMs: 100,
    connectWaitMs: 2_000,
    ...extra,
  });
  opened.clients.push(c);
  return c;
}

function connectedOnce(c: WsKioskClient, value = true): Promise<void> {
  if (c.isConnected() === value) return Promise.resolve();
  return new Promise((resolve) => {
    const off = c.onConnectionChange((connected) => {
      if (connected === value) {
        off();
        resolve();
      }
    });
  });
}

afterEach(async () => {
  for (const c of opened.clients.splice(0)) c.close();
  for (const h of opened.hosts.splice(0)) await stopHost(h);
});

describe('WebSocket KioskApi client', () => {
  it('sends each named function as an invoke on its channel and resolves with the result', async () => {
    const host = await startHost();
    const c = client(host.url);
    expect(await c.api.getState()).toEqual({ ok: true, value: 'session:get-state' });
    expect(await c.api.passwordLogin({ username: '234000001', password: 'x' })).toEqual({
      ok: true,
      value: 'password-login:submit',
    });
    expect(host.received.map((m) => [m.type, m.channel, m.request])).toEqual([
      ['invoke', 'session:get-state', null],
      ['invoke', 'password-login:submit', { username: '234000001', password: 'x' }],
    ]);
    expect(new Set(host.received.map((m) => m.id)).size).toBe(2);
  }, 10_000);

  it('matches results to calls by id, whatever order they come back in', async () => {
    const host = await startHost();
    const held: { message: WsClientMessage; socket: WebSocket }[] = [];
    host.answer = (message, socket) => {
      held.push({ message, socket });
      if (held.length === 2) {
        for (const { message: m, socket: s } of held.reverse()) {
          s.send(JSON.stringify({ type: 'result', id: m.id, result: { ok: true, value: m.channel } }));
        }
      }
    };
    const c = client(host.url);
    const [a, b] = await Promise.all([c.api.getInfo(), c.api.getState()]);
    expect(a).toEqual({ ok: true, value: 'kiosk:get-info' });
    expect(b).toEqual({ ok: true, value: 'session:get-state' });
  }, 10_000);

  it('delivers events to the listeners of their channel only, and unsubscribes', async () => {
    const host = await startHost();
    const c = client(host.url);
    await connectedOnce(c);
    const states: unknown[] = [];
    const ended: unknown[] = [];
    const off = c.api.onSessionState((s) => states.push(s));
    c.api.onSessionEnded((e) => ended.push(e));
    const [socket] = [...host.server.clients];
    socket!.send(JSON.stringify({ type: 'event', channel: 'session:state', payload: { name: 'no-reader' } }));
    socket!.send(JSON.stringify({ type: 'event', channel: 'session:ended', payload: { reason: 'card-removed' } }));
    socket!.send(JSON.stringify({ type: 'event', channel: 'not-a-channel', payload: {} }));
    socket!.send('not json');
    await c.api.getState(); // a round trip: the events above have arrived
    off();
    socket!.send(JSON.stringify({ type: 'event', channel: 'session:state', payload: { name: 'starting' } }));
    await c.api.getState();
    expect(states).toEqual([{ name: 'no-reader' }]);
    expect(ended).toEqual([{ reason: 'card-removed' }]);
  }, 10_000);

  it('fails a call in flight with GATEWAY_UNREACHABLE when the socket drops, and never resends it', async () => {
    const host = await startHost();
    host.answer = (message, socket) => {
      if (message.channel === 'card:verify-pin') socket.terminate();
    };
    const c = client(host.url);
    const result = await c.api.verifyPin({ pin: '123456' });
    expect(result).toEqual({ ok: false, error: { code: 'GATEWAY_UNREACHABLE' } });
    await connectedOnce(c); // it reconnects by itself
    host.answer = (message, socket) =>
      socket.send(JSON.stringify({ type: 'result', id: message.id, result: { ok: true, value: null } }));
    expect(await c.api.getState()).toEqual({ ok: true, value: null });
    expect(host.received.filter((m) => m.channel === 'card:verify-pin')).toHaveLength(1);
  }, 10_000);

  it('reconnects with backoff after the host goes away and comes back on the same port', async () => {
    const host = await startHost();
    const c = client(host.url);
    const changes: boolean[] = [];
    c.onConnectionChange((connected) => changes.push(connected));
    await connectedOnce(c);
    await stopHost(host);
    opened.hosts.splice(opened.hosts.indexOf(host), 1);
    await connectedOnce(c, false);
    // While it is down, a call waits for the socket rather than failing at once…
    const pending = c.api.getInfo();
    await new Promise((r) => setTimeout(r, 150));
    await startHost(host.port);
    await connectedOnce(c);
    // …and goes through once the host is back.
    expect(await pending).toEqual({ ok: true, value: 'kiosk:get-info' });
    expect(changes).toEqual([true, false, true]);
  }, 10_000);

  it('a call fails with GATEWAY_UNREACHABLE when no host comes within connectWaitMs', async () => {
    const host = await startHost();
    const port = host.port;
    await stopHost(host);
    opened.hosts.length = 0;
    const c = client(`ws://127.0.0.1:${port}/ipc`, { connectWaitMs: 200 });
    const started = Date.now();
    expect(await c.api.getState()).toEqual({ ok: false, error: { code: 'GATEWAY_UNREACHABLE' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  }, 10_000);

  it('close() stops reconnecting and fails what is pending', async () => {
    const host = await startHost();
    host.answer = () => undefined; // never answers
    const c = client(host.url);
    await connectedOnce(c);
    const pending = c.api.getState();
    await new Promise((r) => setTimeout(r, 50));
    c.close();
    expect(await pending).toEqual({ ok: false, error: { code: 'GATEWAY_UNREACHABLE' } });
    await new Promise((r) => setTimeout(r, 300));
    // No reconnect after close (the backoff here is 20–100 ms, so one would have happened).
    expect(host.connections).toBe(1);
    expect(c.isConnected()).toBe(false);
  }, 10_000);
});
