// Bad input gets a clear error in the one shape and changes nothing: oversized, malformed and
// unexpected bodies, SQL-looking values, unknown routes, rate limits. And no secret (session
// token, enrollment token, date of birth, Authorization header) reaches a log line or audit row.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../src-main/shared/gateway-api';
import { createTestCa, issueCardCertificate, type TestCardCertificate } from '../../support/pki/test-pki';
import { startTestGateway, type TestGateway } from '../../support/server/gateway';
import { cardLogin } from '../../support/server/card-login';
import { errorCode, type GatewayTestClient, type TestDevice } from '../../support/server/client';
import { DEMO_STAFF } from '../../support/server/demo-staff';

describe('request hardening', () => {
  let gw: TestGateway;
  let device: TestDevice;
  let client: GatewayTestClient;
  let card: TestCardCertificate;

  beforeAll(async () => {
    const ca = await createTestCa({ commonName: 'ESR Test Card CA' });
    card = await issueCardCertificate(ca, { staffUuid: DEMO_STAFF[0]!.id, commonName: 'Alex Morgan', algorithm: 'rsa2048' });
    gw = await startTestGateway({
      cardTrustAnchors: [ca.certificatePem],
      staff: DEMO_STAFF,
      config: { logLevel: 'trace', rateLimits: { perDevice: { max: 40, windowSeconds: 60 } } },
    });
    device = await gw.enrollDevice('ward-11');
    client = gw.client(device);
  });
  afterAll(async () => {
    await gw.close();
  });

  it('refuses a body over the limit with 413 BODY_TOO_LARGE, signed or not', async () => {
    const big = { challengeId: randomUUID(), certificate: 'A'.repeat(20_000), signature: 'AA' };
    const signed = await client.send({ path: ROUTES.cardLogin, body: big });
    expect(signed.status).toBe(413);
    expect(signed.body).toEqual({ error: { code: 'BODY_TOO_LARGE', message: expect.any(String) } });
    const unsigned = await client.send({ path: ROUTES.enroll, device: null, body: { enrollmentToken: 'A'.repeat(20_000) } });
    expect(unsigned.status).toBe(413);
  });

  it('refuses malformed JSON, the wrong content type and an empty JSON body', async () => {
    const malformed = await client.send({ path: ROUTES.cardLogin, rawBody: '{"challengeId": ' });
    expect(malformed.status).toBe(400);
    expect(errorCode(malformed)).toBe('VALIDATION_FAILED');
    const text = await client.send({ path: ROUTES.cardLogin, rawBody: 'hello', contentType: 'text/plain' });
    expect(errorCode(text)).toBe('VALIDATION_FAILED');
    const empty = await client.send({ path: ROUTES.cardLogin, rawBody: '' , contentType: 'application/json' });
    expect(errorCode(empty)).toBe('VALIDATION_FAILED');
  });

  it('refuses missing, extra, wrongly typed and prototype-poisoning fields', async () => {
    const cases: unknown[] = [
      {},
      { challengeId: randomUUID(), certificate: 'AA' },
      { challengeId: randomUUID(), certificate: 'AA', signature: 'AA', admin: true },
      { challengeId: randomUUID(), certificate: 12, signature: 'AA' },
      [1, 2, 3],
    ];
    for (const body of cases) {
      const res = await client.send({ path: ROUTES.cardLogin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(errorCode(res)).toBe('VALIDATION_FAILED');
    }
    const poisoned = await client.send({
      path: ROUTES.cardLogin,
      rawBody: `{"challengeId":"${randomUUID()}","certificate":"AA","signature":"AA","__proto__":{"admin":true}}`,
    });
    expect(errorCode(poisoned)).toBe('VALIDATION_FAILED');
  });

  it('treats SQL-looking input as data', async () => {
    const sql = "' OR 1=1; DROP TABLE challenges; --";
    const login = await client.send({ path: ROUTES.cardLogin, body: { challengeId: sql, certificate: 'AA', signature: 'AA' } });
    expect(errorCode(login)).toBe('VALIDATION_FAILED');
    const enroll = await client.send({
      path: ROUTES.enroll,
      device: null,
      body: { enrollmentToken: "x' OR '1'='1", publicKey: 'AAAAAAAAAAAAAAAAAAAA', hostname: "ward'; DELETE FROM devices; --" },
    });
    expect(errorCode(enroll)).toBe('VALIDATION_FAILED');
    const header = await client.send({ path: ROUTES.challenge, headers: { 'x-device-id': "1' OR '1'='1" } });
    expect(errorCode(header)).toBe('DEVICE_NOT_ENROLLED');
    expect((await gw.storage.devices.list()).length).toBeGreaterThan(0);
    expect((await client.send({ path: ROUTES.challenge })).status).toBe(200);
  });

  it('answers unknown routes with NOT_FOUND in the same shape', async () => {
    const res = await client.send({ method: 'GET', path: '/v1/nothing-here' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'Not found.' } });
  });

  it('rate-limits a device, saying when to retry', async () => {
    const other = gw.client(await gw.enrollDevice('ward-12'));
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<GatewayTestClient['send']>> | undefined;
    for (let i = 0; i < 45 && limited === undefined; i++) {
      const res = await other.send({ path: ROUTES.challenge });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    if (limited === undefined) throw new Error('never rate limited');
    expect(statuses.length).toBe(41); // 40 allowed per minute, the 41st refused
    expect(limited.body).toMatchObject({ error: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } });
    expect(limited.headers['retry-after']).toBeDefined();
    // Another device is not affected.
    expect((await client.send({ path: ROUTES.challenge })).status).toBe(200);
  });

  it('keeps every secret out of the logs and the audit table', async () => {
    const token = await gw.createEnrollmentToken('secret-check');
    const fresh = await gw.client().enroll(token, 'ward-13');
    const freshClient = gw.client(fresh);
    const login = await cardLogin(freshClient, card);
    expect(login.status).toBe(200);
    const sessionToken = login.body.sessionToken;
    await freshClient.send({ path: ROUTES.logout, token: sessionToken });
    await freshClient.send({ path: ROUTES.logout, token: sessionToken }); // refused, logged
    // Secrets in places a careless gateway would log: a body field and the reset-link URL.
    await freshClient.send({ path: ROUTES.cardLogin, body: { password: 'Ward7Blue', dateOfBirth: '1985-04-12' } });
    await gw.client().send({ method: 'GET', path: `/reset/${sessionToken}`, device: null });

    const audit = JSON.stringify(await gw.storage.audit.list());
    const logs = gw.logs.join('\n');
    expect(gw.logs.length).toBeGreaterThan(20);
    expect(logs).toContain('[REDACTED]'); // the /reset/<token> URL was logged, masked
    const secrets = [sessionToken, token, 'Ward7Blue', ...DEMO_STAFF.map((s) => s.dateOfBirth)];
    for (const secret of secrets) {
      expect(logs.includes(secret), `log contains a secret`).toBe(false);
      expect(audit.includes(secret), `audit contains a secret`).toBe(false);
    }
    expect(logs.toLowerCase()).not.toContain('bearer ');
  });
});
