// The browser host's transport over real HTTP and WebSocket on loopback: the same dispatcher
// (schemas) in front of the handlers, events relayed, Origin/Host checks, static files with CSP.
// The core here records calls: this suite is about the transport; the core has its own suites.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { IPC_REQUEST_CHANNELS, type IpcEvents, type SessionState } from '../../../src-main/shared/ipc-contract';
import { WS_PATH, type WsServerMessage } from '../../../src-main/shared/ws-protocol';
import type { IpcHandlers, KioskCore, KioskEventListener } from '../../../src-main/core/kiosk/kiosk-core';
import { startBrowserHost, type BrowserHost } from '../../../src-main/browser-host/browser-host';

const calls: { channel: string; request: unknown }[] = [];
const listeners = new Set<KioskEventListener>();
const state: SessionState = { name: 'waiting-for-card' };
const handlers = Object.fromEntries(
  IPC_REQUEST_CHANNELS.map((channel) => [
    channel,
    async (request: unknown) => {
      calls.push({ channel, request });
      return channel === 'session:get-state' ? { ok: true, value: state } : { ok: true, value: null };
    },
  ]),
) as unknown as IpcHandlers;
const core: KioskCore = {
  handlers,
  subscribe: (l) => {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  start: async () => undefined,
  dispose: async () => undefined,
};
function emit<E extends keyof IpcEvents>(channel: E, payload: IpcEvents[E]) {
  for (const l of listeners) l(channel, payload);
}

let host: BrowserHost;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'esr-renderer-'));
  mkdirSync(path.join(root, 'assets'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>ESR Kiosk</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(path.dirname(root), 'secret.txt'), 'outside');
  host = await startBrowserHost({ core, rendererDir: root });
});
afterAll(async () => host.close());

function connect(origin: string | null = host.url.replace(/\/$/, '')): Promise<WebSocket> {
  const ws = new WebSocket(host.url.replace(/^http/, 'ws').replace(/\/$/, WS_PATH), origin === null ? {} : { origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<WsServerMessage> {
  return new Promise((resolve) => ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')))));
}

describe('browser host: static renderer', () => {
  it('serves index.html and assets with a strict CSP', async () => {
    const res = await fetch(host.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect((await fetch(`${host.url}assets/app.js`)).headers.get('content-type')).toContain('javascript');
  });

  it('never serves a file outside the renderer folder', async () => {
    expect((await fetch(`${host.url}..%2fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${host.url}%2e%2e/secret.txt`)).status).toBe(404);
    expect((await fetch(`${host.url}nope.js`)).status).toBe(404);
  });

  it('refuses a request for another host name (DNS rebinding)', async () => {
    const { port } = new URL(host.url);
    const { request } = await import('node:http');
    const res = await new Promise<number>((resolve) => {
      request({ host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}` } }, (r) => resolve(r.statusCode ?? 0)).end();
    });
    expect(res).toBe(421);
  });
});

describe('browser host: the IPC contract over WebSocket', () => {
  it('invokes a handler through the dispatcher and answers by id', async () => {
    const ws = await connect();
    calls.length = 0;
    ws.send(JSON.stringify({ type: 'invoke', id: 7, channel: 'session:get-state', request: null }));
    expect(await nextMessage(ws)).toEqual({ type: 'result', id: 7, result: { ok: true, value: state } });
    ws.send(JSON.stringify({ type: 'invoke', id: 8, channel: 'card:verify-pin', request: { pin: '123456' } }));
    expect(await nextMessage(ws)).toEqual({ type: 'result', id: 8, result: { ok: true, value: null } });
    expect(calls).toEqual([
      { channel: 'session:get-state', request: null },
      { channel: 'card:verify-pin', request: { pin: '123456' } },
    ]);
    ws.close();
  });

  it('refuses a payload the schema refuses, without calling the handler', async () => {
    const ws = await connect();
    calls.length = 0;
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'card:verify-pin', request: { pin: '12ab' } }));
    expect(await nextMessage(ws)).toEqual({ type: 'result', id: 1, result: { ok: false, error: { code: 'INVALID_REQUEST' } } });
    ws.send(JSON.stringify({ type: 'invoke', id: 2, channel: 'shell:open', request: null }));
    expect(await nextMessage(ws)).toMatchObject({ id: 2, result: { ok: false, error: { code: 'INVALID_REQUEST' } } });
    expect(calls).toEqual([]);
    ws.close();
  });

  it('relays every core event to every page', async () => {
    const a = await connect();
    const b = await connect();
    const got = Promise.all([nextMessage(a), nextMessage(b)]);
    emit('session:ended', { reason: 'card-removed' });
    expect(await got).toEqual([
      { type: 'event', channel: 'session:ended', payload: { reason: 'card-removed' } },
      { type: 'event', channel: 'session:ended', payload: { reason: 'card-removed' } },
    ]);
    a.close();
    b.close();
  });

  it('refuses a WebSocket from another origin, or with none', async () => {
    await expect(connect('http://evil.example')).rejects.toThrow(/403/);
    await expect(connect(null)).rejects.toThrow(/403/);
  });

  it('closes a socket that sends something other than an invoke', async () => {
    const ws = await connect();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('{"type":"event","channel":"session:state"}');
    expect(await closed).toBe(1008);
  });
});
