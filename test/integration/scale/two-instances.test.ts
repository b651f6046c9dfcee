// Two gateway instances against one PostgreSQL database, as a region runs them behind a load
// balancer: whatever one instance issues the other honours, single-use things are used once
// across both, rate limits and lockout count across both, and with both outbox workers running
// every mail reaches the (real) SMTP server exactly once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_MIGRATIONS } from '../../../server/src/storage/postgres/migrations/index';
import { ROUTES, type ChallengeResponse, type InternetAccessResponse, type LoginResponse } from '../../../src-main/shared/gateway-api';
import { hashPassword } from '../../../server/src/passwords/argon2';
import type { NewStaff } from '../../../server/src/storage/types';
import { createTestCa, issueCardCertificate, type TestCardCertificate } from '../../support/pki/test-pki';
import { cardLoginBody, getChallenge } from '../../support/server/card-login';
import { errorCode, type TestDevice } from '../../support/server/client';
import { DEMO_STAFF } from '../../support/server/demo-staff';
import { startGatewayInstances, type GatewayPair } from '../../support/postgres/gateway-pair';
import { SmtpCatcher } from '../../support/smtp/smtp-catcher';

const alex = DEMO_STAFF[0]!;
const PER_DEVICE_MAX = 30;

/** Staff with addresses only this suite uses, one recovery mail each. */
const MAIL_STAFF: NewStaff[] = Array.from({ length: 24 }, (_, i) => ({
  id: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
  displayName: `Mail Person ${i}`,
  username: `23490${String(i).padStart(4, '0')}`,
  email: `mail.person.${i}@trust.nhs.uk`,
  dateOfBirth: '1985-06-15',
  status: 'active',
}));

describe('two gateway instances on one PostgreSQL', () => {
  let pair: GatewayPair;
  let smtp: SmtpCatcher;
  let card: TestCardCertificate;

  beforeAll(async () => {
    smtp = await SmtpCatcher.start();
    const ca = await createTestCa({ commonName: 'ESR Scale Test Card CA' });
    card = await issueCardCertificate(ca, { staffUuid: alex.id, commonName: alex.displayName, algorithm: 'p256' });
    pair = await startGatewayInstances({
      cardTrustAnchors: [ca.certificatePem],
      config: {
        rateLimits: {
          perAddress: { max: 100_000, windowSeconds: 60 },
          perDevice: { max: PER_DEVICE_MAX, windowSeconds: 60 },
          perAccount: { max: 1000, windowSeconds: 60 },
        },
        mail: { smtpUrl: smtp.url, pollSeconds: 0.05, baseBackoffSeconds: 0.05, maxBackoffSeconds: 0.2 },
      },
    });
    const [a] = pair.instances;
    for (const s of [...DEMO_STAFF, ...MAIL_STAFF]) await a!.storage.staff.upsert(s, pair.clock.now());
  });
  afterAll(async () => {
    await pair.close();
    await smtp.stop();
  });

  const A = () => pair.instances[0]!;
  const B = () => pair.instances[1]!;

  it('runs two instances with their own pools on one schema', async () => {
    for (const instance of pair.instances) {
      const res = await instance.client().send<{ status: string; schemaVersion: number }>({ method: 'GET', path: ROUTES.health });
      expect(res.status).toBe(200);
      expect(res.body.schemaVersion).toBe(POSTGRES_MIGRATIONS.length);
    }
    expect(A().storage).not.toBe(B().storage);
  });

  it('honours at B a device enrolled at A, and refuses its request nonce replayed at the other', async () => {
    const device = await pair.enrollDevice(0);
    const first = await B().client(device).send<ChallengeResponse>({ path: ROUTES.challenge });
    expect(first.status, first.text).toBe(200);
    // Same signed headers sent to both: the nonce is remembered in the shared database.
    const headersFrom = await captureSignedHeaders(device);
    const r1 = await A().client().send({ path: ROUTES.challenge, device: null, headers: headersFrom });
    const r2 = await B().client().send({ path: ROUTES.challenge, device: null, headers: headersFrom });
    expect([r1.status, r2.status].sort()).toEqual([200, 401]);
    expect(errorCode(r1.status === 200 ? r2 : r1)).toBe('DEVICE_NONCE_REPLAYED');
  });

  it('accepts a challenge issued by A at B once, and only once, even when both race for it', async () => {
    const device = await pair.enrollDevice(1);
    const atA = A().client(device);
    const atB = B().client(device);
    const challenge = await getChallenge(atA);
    const body = cardLoginBody(card, challenge, device);
    const ok = await atB.send<LoginResponse>({ path: ROUTES.cardLogin, body });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.person.username).toBe(alex.username);
    const again = await atA.send({ path: ROUTES.cardLogin, body });
    expect(again.status).not.toBe(200);
    expect(errorCode(again)).toBe('CHALLENGE_USED');

    for (let i = 0; i < 4; i++) {
      const c = await getChallenge(i % 2 === 0 ? atA : atB);
      const raceBody = cardLoginBody(card, c, device);
      const answers = await Promise.all([atA, atB, atA, atB].map((cl) => cl.send({ path: ROUTES.cardLogin, body: raceBody })));
      expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
      for (const r of answers.filter((x) => x.status !== 200)) expect(errorCode(r)).toBe('CHALLENGE_USED');
    }
  });

  it('keeps a session made at B valid at A, and a logout at A ends it at B', async () => {
    const device = await pair.enrollDevice(0);
    const atA = A().client(device);
    const atB = B().client(device);
    const login = await atB.send<LoginResponse>({ path: ROUTES.cardLogin, body: cardLoginBody(card, await getChallenge(atB), device) });
    expect(login.status, login.text).toBe(200);
    const token = login.body.sessionToken;
    const me = await atA.send<InternetAccessResponse>({ method: 'GET', path: ROUTES.internetAccess, token });
    expect(me.status, me.text).toBe(200);
    expect(me.body.username).toBe(alex.username);
    expect((await atA.send({ path: ROUTES.logout, token })).status).toBe(204);
    const after = await atB.send({ method: 'GET', path: ROUTES.internetAccess, token });
    expect(after.status).toBe(401);
    expect(errorCode(after)).toBe('SESSION_INVALID');
  });

  it('counts the per-device rate limit across both instances', async () => {
    const device = await pair.enrollDevice(0);
    const clients = [A().client(device), B().client(device)];
    const statuses: number[] = [];
    for (let i = 0; i < PER_DEVICE_MAX + 2; i++) {
      const res = await clients[i % 2]!.send({ path: ROUTES.challenge });
      statuses.push(res.status);
      if (res.status !== 200) expect(errorCode(res)).toBe('RATE_LIMITED');
    }
    // Each instance alone saw only half: a per-process counter would have let all through.
    expect(statuses.slice(0, PER_DEVICE_MAX).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(PER_DEVICE_MAX)).toEqual([429, 429]);
  });

  it('locks an account after five wrong passwords spread over both instances', async () => {
    const target = DEMO_STAFF[2]!;
    await A().storage.passwords.add(target.id, await hashPassword('Rk7#mPq2'), pair.clock.now(), 5);
    const device = await pair.enrollDevice(1);
    const clients = [A().client(device), B().client(device)];
    const wrong = await Promise.all(
      [0, 1, 2, 3, 4].map((i) => clients[i % 2]!.send({ path: ROUTES.passwordLogin, body: { username: target.username, password: `Wrong${i}x9` } })),
    );
    for (const r of wrong) expect(errorCode(r)).toBe('INVALID_CREDENTIALS');
    const staff = await B().storage.staff.findById(target.id);
    expect(staff?.lockedAt).not.toBeNull();
    const right = await clients[1]!.send({ path: ROUTES.passwordLogin, body: { username: target.username, password: 'Rk7#mPq2' } });
    expect(errorCode(right)).toBe('ACCOUNT_LOCKED');
  });

  it('sends each queued mail exactly once with both outbox workers running', async () => {
    const before = smtp.messages.length;
    const devices: TestDevice[] = [await pair.enrollDevice(0), await pair.enrollDevice(1)];
    await Promise.all(
      MAIL_STAFF.map((s, i) => {
        const instance = pair.instances[i % 2]!;
        return instance.client(devices[i % 2]).send({ path: ROUTES.recoveryUsername, body: { email: s.email, dateOfBirth: s.dateOfBirth } });
      }),
    );
    const ours = (m: { to: readonly string[] }) => m.to.some((t) => t.startsWith('mail.person.'));
    await smtp.waitFor(ours, MAIL_STAFF.length, 20_000);
    // Let both workers poll a few more times: a double send would show up now.
    await new Promise((resolve) => setTimeout(resolve, 600));
    const caught = smtp.messages.slice(before).filter(ours);
    expect(caught).toHaveLength(MAIL_STAFF.length);
    expect(new Set(caught.map((m) => m.to[0])).size).toBe(MAIL_STAFF.length);
    expect(new Set(caught.map((m) => m.messageId)).size).toBe(MAIL_STAFF.length);
    const rows = (await A().storage.outbox.list()).filter((m) => m.kind === 'username-reminder');
    expect(rows).toHaveLength(MAIL_STAFF.length);
    for (const row of rows) expect(row).toMatchObject({ attempts: 1, failedAt: null });
    // Both workers did some of the sending.
    const senders = pair.instances.map((i) => i.logs.filter((l) => l.includes('"mail sent"')).length);
    expect(senders.reduce((x, y) => x + y, 0)).toBe(MAIL_STAFF.length);
  });

  /** Signed headers of one POST /v1/card-login/challenge, to send verbatim twice. */
  async function captureSignedHeaders(device: TestDevice): Promise<Record<string, string>> {
    const { signDeviceRequest } = await import('../../../src-main/core/device/request-signer');
    return { ...signDeviceRequest(device, { method: 'POST', pathWithQuery: ROUTES.challenge, body: undefined }, { now: pair.clock.now() }) };
  }
});
