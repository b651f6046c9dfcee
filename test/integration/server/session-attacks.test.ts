// Sessions over real HTTPS: bound to the device that logged in, dead after logout, after 10
// minutes idle and 30 minutes in all. A small route registered through the plugin extension
// point stands in for /v1/me (owned by the accounts part) to use a session without ending it.

import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../src-main/shared/gateway-api';
import { requireSession } from '../../../server/src/sessions/session-auth';
import { createTestCa, issueCardCertificate, type TestCardCertificate } from '../../support/pki/test-pki';
import { startTestGateway, type TestGateway } from '../../support/server/gateway';
import { cardLogin } from '../../support/server/card-login';
import { errorCode, type GatewayTestClient, type TestDevice } from '../../support/server/client';
import { DEMO_STAFF } from '../../support/server/demo-staff';

const WHOAMI = '/v1/test/whoami';
const SESSION_ONLY = '/v1/test/session-only';
const whoami: FastifyPluginAsync = (app) => {
  // Marked sessionAuth only: the gateway still demands the device signature.
  app.get(SESSION_ONLY, { config: { sessionAuth: true } }, (request) => Promise.resolve({ staffId: requireSession(request).staffId }));
  app.get(WHOAMI, { config: { deviceAuth: true, sessionAuth: true } }, (request) => {
    const s = requireSession(request);
    return Promise.resolve({ staffId: s.staffId, method: s.method, fingerprint: s.certificateFingerprint });
  });
  return Promise.resolve();
};

describe('session tokens', () => {
  let gw: TestGateway;
  let card: TestCardCertificate;
  let device: TestDevice;
  let client: GatewayTestClient;
  const alex = DEMO_STAFF[0]!;

  beforeAll(async () => {
    const ca = await createTestCa({ commonName: 'ESR Test Card CA' });
    card = await issueCardCertificate(ca, { staffUuid: alex.id, commonName: alex.displayName, algorithm: 'p256' });
    gw = await startTestGateway({ cardTrustAnchors: [ca.certificatePem], staff: DEMO_STAFF, plugins: [whoami] });
    device = await gw.enrollDevice('ward-9');
    client = gw.client(device);
  });
  afterAll(async () => {
    await gw.close();
  });

  async function login(): Promise<string> {
    const res = await cardLogin(client, card);
    expect(res.status, res.text).toBe(200);
    return res.body.sessionToken;
  }
  const me = (token: string | undefined, via: GatewayTestClient = client) => via.send({ method: 'GET', path: WHOAMI, token });

  it('identifies the staff member, method and certificate', async () => {
    const res = await me(await login());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ staffId: alex.id, method: 'card', fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('refuses a token after logout', async () => {
    const token = await login();
    expect((await client.send({ path: ROUTES.logout, token })).status).toBe(204);
    const res = await me(token);
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe('SESSION_INVALID');
  });

  it('refuses a token presented by another enrolled device', async () => {
    const token = await login();
    const thief = gw.client(await gw.enrollDevice('ward-10'));
    expect(errorCode(await me(token, thief))).toBe('SESSION_INVALID');
    const rows = await gw.storage.audit.list();
    expect(rows[rows.length - 1]).toMatchObject({ event: 'session-use', reason: 'SESSION_INVALID:wrong-device', staffId: alex.id });
    expect((await me(token)).status).toBe(200);
  });

  it('requires the device signature on a route marked sessionAuth only', async () => {
    const token = await login();
    expect((await client.send({ method: 'GET', path: SESSION_ONLY, token })).status).toBe(200);
    const unsigned = await client.send({ method: 'GET', path: SESSION_ONLY, token, device: null });
    expect(errorCode(unsigned)).toBe('DEVICE_NOT_ENROLLED');
  });

  it('refuses missing, malformed and unknown tokens', async () => {
    expect(errorCode(await me(undefined))).toBe('SESSION_INVALID');
    expect(errorCode(await me('short'))).toBe('SESSION_INVALID');
    expect(errorCode(await me('A'.repeat(43)))).toBe('SESSION_INVALID');
  });

  it('ends after 10 minutes idle, and use slides the idle window', async () => {
    const token = await login();
    gw.clock.advance(9 * 60_000);
    expect((await me(token)).status).toBe(200);
    gw.clock.advance(9 * 60_000);
    expect((await me(token)).status).toBe(200);
    gw.clock.advance(10 * 60_000 + 1000);
    expect(errorCode(await me(token))).toBe('SESSION_INVALID');
  });

  it('ends 30 minutes after login however busy', async () => {
    const token = await login();
    for (let i = 0; i < 3; i++) {
      gw.clock.advance(9 * 60_000);
      expect((await me(token)).status).toBe(200);
    }
    gw.clock.advance(3 * 60_000 + 1000); // 30 min + 1 s after issue, 4 min since last use
    expect(errorCode(await me(token))).toBe('SESSION_INVALID');
  });

  it('ends when the staff member is made inactive', async () => {
    const token = await login();
    await gw.storage.staff.setStatus(alex.id, 'inactive', gw.clock.now());
    try {
      expect(errorCode(await me(token))).toBe('SESSION_INVALID');
    } finally {
      await gw.storage.staff.setStatus(alex.id, 'active', gw.clock.now());
    }
    expect(errorCode(await me(token))).toBe('SESSION_INVALID'); // revoked, not just suspended
  });
});
