// The gateway client against a real HTTPS server on loopback (TLS with a test CA): device
// signatures over the exact bytes sent, error-code mapping, retries only where idempotent,
// timeouts, TLS trust. The server here is the test's own, so every failure can be staged.
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deviceSigningString, DEVICE_HEADERS, ROUTES } from '../../../src-main/shared/gateway-api';
import { createGatewayClient, type GatewayClientOptions } from '../../../src-main/core/gateway/gateway-client';
import { GatewayError } from '../../../src-main/core/gateway/gateway-error';
import { createTestTls, type TestTls } from '../../support/kiosk/test-tls';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

type Handler = (req: Seen, res: ServerResponse) => void;

let tls: TestTls;
let otherTls: TestTls;
let server: https.Server;
let port = 0;
let handler: Handler;
let seen: Seen[] = [];
const device = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const identity = { deviceId: 'dev-1', privateKey: device.privateKey };

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  tls = await createTestTls();
  otherTls = await createTestTls({ caName: 'Some Other CA' });
  server = https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(s);
      handler(s, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  seen = [];
  handler = (_req, res) => json(res, 500, { error: { code: 'INTERNAL', message: 'unstaged' } });
});

function client(overrides: Partial<GatewayClientOptions> = {}) {
  return createGatewayClient({
    baseUrl: `https://127.0.0.1:${port}`,
    ca: tls.ca.certificatePem,
    identity: () => identity,
    retryDelayMs: 10,
    timeoutMs: 2_000,
    ...overrides,
  });
}

async function failure(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('expected a GatewayError');
}

function signatureValid(s: Seen): boolean {
  const text = deviceSigningString({
    method: s.method,
    pathWithQuery: s.url,
    timestamp: String(s.headers[DEVICE_HEADERS.timestamp]),
    nonce: String(s.headers[DEVICE_HEADERS.nonce]),
    bodySha256: createHash('sha256').update(s.body).digest('base64url'),
  });
  return verify(
    'sha256',
    Buffer.from(text),
    createPublicKey(device.publicKey.export({ format: 'pem', type: 'spki' })),
    Buffer.from(String(s.headers[DEVICE_HEADERS.signature]), 'base64url'),
  );
}

describe('gateway client: requests', () => {
  it('signs every request over the exact body bytes and parses the answer', async () => {
    handler = (_req, res) => json(res, 200, { challengeId: 'c1', nonce: 'bm9uY2U', expiresAt: '2030-01-01T00:00:00Z' });
    const c = client();
    await expect(c.challenge()).resolves.toEqual({ challengeId: 'c1', nonce: 'bm9uY2U', expiresAt: '2030-01-01T00:00:00Z' });
    c.close();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.url).toBe(ROUTES.challenge);
    expect(seen[0]!.headers[DEVICE_HEADERS.id]).toBe('dev-1');
    expect(signatureValid(seen[0]!)).toBe(true);
  });

  it('sends the session token as a Bearer header', async () => {
    handler = (_req, res) => json(res, 200, { username: '23412345', passwordChangedAt: null, status: 'no-password' });
    const c = client();
    const answer = await c.internetAccess('tok-0123456789abcdef');
    c.close();
    expect(answer.status).toBe('no-password');
    expect(seen[0]!.headers.authorization).toBe('Bearer tok-0123456789abcdef');
    expect(signatureValid(seen[0]!)).toBe(true);
  });

  it('enrolls without a device signature, and refuses signed calls before enrollment', async () => {
    handler = (_req, res) => json(res, 201, { deviceId: 'dev-9' });
    const c = client({ identity: () => null });
    await expect(c.enroll({ enrollmentToken: 't', publicKey: 'pk', hostname: 'ward-7' })).resolves.toEqual({ deviceId: 'dev-9' });
    expect(seen[0]!.headers[DEVICE_HEADERS.signature]).toBeUndefined();
    expect((await failure(c.challenge())).code).toBe('DEVICE_NOT_ENROLLED');
    expect(seen).toHaveLength(1);
    c.close();
  });

  it('accepts 204 for a password change and 202 for recovery', async () => {
    handler = (req, res) => {
      if (req.url === ROUTES.internetAccessPassword) {
        res.writeHead(204);
        res.end();
      } else json(res, 202, { status: 'accepted' });
    };
    const c = client();
    await expect(c.setInternetPassword('tok-0123456789abcdef', 'Qx7!mPz2')).resolves.toBeUndefined();
    await expect(c.recoverUsername({ email: 'a@nhs.net', dateOfBirth: '1985-04-12' })).resolves.toBeUndefined();
    c.close();
    expect(JSON.parse(seen[0]!.body.toString())).toEqual({ newPassword: 'Qx7!mPz2' });
  });
});

describe('gateway client: the gateway’s own errors keep their code', () => {
  it('SESSION_INVALID', async () => {
    handler = (_req, res) => json(res, 401, { error: { code: 'SESSION_INVALID', message: 'expired' } });
    const c = client();
    const e = await failure(c.internetAccess('tok-0123456789abcdef'));
    c.close();
    expect([e.code, e.status]).toEqual(['SESSION_INVALID', 401]);
  });

  it('PASSWORD_POLICY with every failed rule', async () => {
    handler = (_req, res) =>
      json(res, 422, { error: { code: 'PASSWORD_POLICY', message: 'x', failedRules: ['has-digit', 'no-sequence'] } });
    const c = client();
    const e = await failure(c.setInternetPassword('tok-0123456789abcdef', 'abcdefgh'));
    c.close();
    expect(e.code).toBe('PASSWORD_POLICY');
    expect(e.failedRules).toEqual(['has-digit', 'no-sequence']);
    expect(e.message).not.toContain('abcdefgh');
  });

  it('RATE_LIMITED with Retry-After', async () => {
    handler = (_req, res) => json(res, 429, { error: { code: 'RATE_LIMITED', message: 'slow down' } }, { 'retry-after': '30' });
    const c = client();
    const e = await failure(c.passwordLogin({ username: '23412345', password: 'nope' }));
    c.close();
    expect([e.code, e.retryAfterSeconds]).toEqual(['RATE_LIMITED', 30]);
  });

  it('an unknown code, a non-JSON or a malformed answer is GATEWAY_PROTOCOL', async () => {
    const c = client();
    handler = (_req, res) => json(res, 400, { error: { code: 'SOMETHING_NEW', message: '?' } });
    expect((await failure(c.challenge())).code).toBe('GATEWAY_PROTOCOL');
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>captive portal</html>');
    };
    expect((await failure(c.challenge())).code).toBe('GATEWAY_PROTOCOL');
    handler = (_req, res) => json(res, 200, { sessionToken: 'short' });
    expect((await failure(c.cardLogin({ challengeId: 'c', certificate: 'x', signature: 'y' }))).code).toBe('GATEWAY_PROTOCOL');
    handler = (_req, res) => json(res, 200, { pad: 'x'.repeat(300 * 1024) });
    expect((await failure(c.challenge())).code).toBe('GATEWAY_PROTOCOL');
    c.close();
  });
});

describe('gateway client: retries only what is idempotent', () => {
  it('retries a GET after 503, re-signing with a fresh nonce', async () => {
    handler = (_req, res) =>
      seen.length < 2
        ? json(res, 503, { error: { code: 'INTERNAL', message: 'busy' } })
        : json(res, 200, { username: '23412345', passwordChangedAt: null, status: 'active' });
    const c = client();
    await expect(c.internetAccess('tok-0123456789abcdef')).resolves.toMatchObject({ status: 'active' });
    c.close();
    expect(seen).toHaveLength(2);
    expect(seen[0]!.headers[DEVICE_HEADERS.nonce]).not.toBe(seen[1]!.headers[DEVICE_HEADERS.nonce]);
    expect(seen.every(signatureValid)).toBe(true);
  });

  it('gives up after the bounded number of tries', async () => {
    handler = (_req, res) => {
      res.writeHead(502);
      res.end();
    };
    const c = client({ retries: 2 });
    expect((await failure(c.internetAccess('tok-0123456789abcdef'))).code).toBe('GATEWAY_UNREACHABLE');
    c.close();
    expect(seen).toHaveLength(3);
  });

  it('never resends a card login, password login or password change', async () => {
    handler = (_req, res) => {
      res.writeHead(503);
      res.end();
    };
    const c = client();
    await failure(c.cardLogin({ challengeId: 'c', certificate: 'x', signature: 'y' }));
    await failure(c.passwordLogin({ username: '23412345', password: 'pw' }));
    await failure(c.setInternetPassword('tok-0123456789abcdef', 'Qx7!mPz2'));
    await failure(c.recoverPassword({ email: 'a@nhs.net', dateOfBirth: '1985-04-12' }));
    c.close();
    expect(seen).toHaveLength(4);
  });
});

describe('gateway client: transport failures', () => {
  it('GATEWAY_TIMEOUT when the gateway does not answer in time, without a retry', async () => {
    handler = () => undefined; // never answers
    const c = client({ timeoutMs: 300, retries: 2 });
    const started = Date.now();
    expect((await failure(c.challenge())).code).toBe('GATEWAY_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(seen).toHaveLength(1);
    c.close();
  });

  it('GATEWAY_UNREACHABLE when nothing listens', async () => {
    const probe = https.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const closedPort = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const c = client({ baseUrl: `https://127.0.0.1:${closedPort}`, retries: 1 });
    expect((await failure(c.challenge())).code).toBe('GATEWAY_UNREACHABLE');
    c.close();
  });

  it('GATEWAY_TLS when the certificate is not from the configured CA', async () => {
    const c = client({ ca: otherTls.ca.certificatePem });
    expect((await failure(c.challenge())).code).toBe('GATEWAY_TLS');
    c.close();
    expect(seen).toHaveLength(0);
  });

  it('GATEWAY_TLS when the certificate names another host', async () => {
    const c = client({ baseUrl: `https://localhost:${port}` });
    expect((await failure(c.challenge())).code).toBe('GATEWAY_TLS');
    c.close();
    expect(seen).toHaveLength(0);
  });

  it('refuses a plain-http gateway URL at construction', () => {
    expect(() => client({ baseUrl: `http://127.0.0.1:${port}` })).toThrow(/https/);
  });
});
