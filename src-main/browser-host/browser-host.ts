// The browser host (test and demo support): serves the built renderer to an ordinary browser
// on loopback and carries the IPC contract over one WebSocket (shared/ws-protocol.ts). It owns
// only the transport: every request goes through the same createIpcDispatcher (schemas) to the
// same KioskCore handlers Electron's glue uses, and every core event is relayed as is.
// The Origin and Host checks stand in for Electron's sender check.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { IPC_EVENT_CHANNELS } from '../shared/ipc-contract';
import { WS_PATH, type WsServerMessage } from '../shared/ws-protocol';
import { createIpcDispatcher, INVALID_REQUEST } from '../core/kiosk/ipc-dispatch';
import type { KioskCore } from '../core/kiosk/kiosk-core';
import { createStaticHandler } from './static-files';

export interface BrowserHostOptions {
  readonly core: KioskCore;
  /** The built renderer (dist/renderer). */
  readonly rendererDir: string;
  /** Loopback only. Default 127.0.0.1. */
  readonly host?: '127.0.0.1' | '::1' | 'localhost';
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /**
   * Listen on this Unix socket instead of a TCP port (the demo runs the kiosk inside a private
   * network namespace and forwards a loopback port on the outside to it).
   */
  readonly socketPath?: string;
  /** Origins the page is reached at besides the listening address, e.g. `http://127.0.0.1:8080`. */
  readonly publicOrigins?: readonly string[];
  readonly onHandlerFailure?: (channel: string, error: unknown) => void;
}

export interface BrowserHost {
  readonly url: string;
  /** Browser pages connected now. */
  connections(): number;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 16 * 1024;

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const host = options.host ?? '127.0.0.1';
  const dispatch = createIpcDispatcher(options.core.handlers, {
    onHandlerFailure: (channel, error) => options.onHandlerFailure?.(channel, error),
  });
  let origin = '';
  const allowedHosts = new Set<string>();

  const server = http.createServer((req, res) => {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      // A page on another name resolving here (DNS rebinding) gets nothing.
      res.writeHead(421);
      res.end();
      return;
    }
    void serveStatic(req, res);
  });
  const serveStatic = createStaticHandler(options.rendererDir, () => origin);
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const sockets = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://host').pathname;
    const requestOrigin = req.headers.origin ?? '';
    const allowedOrigins = [...allowedHosts].map((h) => `http://${h}`);
    if (path !== WS_PATH || !allowedHosts.has(req.headers.host ?? '') || !allowedOrigins.includes(requestOrigin)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      wss.emit('connection', ws, req);
    });
  });

  const send = (ws: WebSocket, message: WsServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };

  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        ws.close(1003, 'text only');
        return;
      }
      let message: unknown;
      try {
        message = JSON.parse(rawText(data));
      } catch {
        ws.close(1007, 'not JSON');
        return;
      }
      if (!isInvoke(message)) {
        ws.close(1008, 'not an invoke');
        return;
      }
      const { id, channel, request } = message;
      void dispatch(channel, request).then(
        (result) => send(ws, { type: 'result', id, result }),
        () => send(ws, { type: 'result', id, result: INVALID_REQUEST }),
      );
    });
  });

  const unsubscribe = options.core.subscribe((channel, payload) => {
    if (!(IPC_EVENT_CHANNELS as readonly string[]).includes(channel)) return;
    const text = JSON.stringify({ type: 'event', channel, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    if (options.socketPath !== undefined) server.listen(options.socketPath, () => resolve());
    else server.listen(options.port ?? 0, host, () => resolve());
  });
  for (const publicOrigin of options.publicOrigins ?? []) {
    const u = new URL(publicOrigin);
    if (u.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) {
      throw new Error('public origins must be loopback http');
    }
    allowedHosts.add(u.host);
  }
  if (options.socketPath === undefined) {
    const { port } = server.address() as AddressInfo;
    const hostPart = host === '::1' ? '[::1]' : host;
    origin = `http://${hostPart}:${port}`;
    allowedHosts.add(`${hostPart}:${port}`);
    if (host !== 'localhost') allowedHosts.add(`localhost:${port}`);
  } else {
    origin = options.publicOrigins?.[0] ?? 'http://localhost';
  }

  return {
    url: `${origin}/`,
    connections: () => sockets.size,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function rawText(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function isInvoke(value: unknown): value is { type: 'invoke'; id: number; channel: unknown; request: unknown } {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.type === 'invoke' && typeof v.id === 'number' && Number.isSafeInteger(v.id) && 'channel' in v;
}
