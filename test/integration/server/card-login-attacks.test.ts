// Card login refuses every attack of issue 5 that targets it, each with its own error code, and
// audits the refusal. Real HTTPS gateway, real SQLite file, certificates from the test PKI.

import { randomUUID, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type ChallengeResponse } from '../../../src-main/shared/gateway-api';
import {
  createTestCa,
  createUntrustedCa,
  issueCardCertificate,
  issueExpiredCardCertificate,
  issueNotYetValidCardCertificate,
  type TestCa,
  type TestCardCertificate,
} from '../../support/pki/test-pki';
import { startTestGateway, type TestGateway } from '../../support/server/gateway';
import { cardLogin, cardLoginBody, getChallenge } from '../../support/server/card-login';
import { errorCode, type GatewayTestClient, type TestDevice } from '../../support/server/client';
import { DEMO_STAFF } from '../../support/server/demo-staff';

describe('card login attacks', () => {
  let gw: TestGateway;
  let ca: TestCa;
  let card: TestCardCertificate;
  let device: TestDevice;
  let client: GatewayTestClient;
  const alex = DEMO_STAFF[0]!;
  const jordan = DEMO_STAFF[3]!; // inactive

  beforeAll(async () => {
    ca = await createTestCa({ commonName: 'ESR Test Card CA' });
    card = await issueCardCertificate(ca, { staffUuid: alex.id, commonName: alex.displayName, algorithm: 'p256' });
    gw = await startTestGateway({ cardTrustAnchors: [ca.certificatePem], staff: DEMO_STAFF });
    device = await gw.enrollDevice('ward-1');
    client = gw.client(device);
  });
  afterAll(async () => {
    await gw.close();
  });

  async function submit(body: Record<string, string>, via: GatewayTestClient = client) {
    return via.send({ path: ROUTES.cardLogin, body });
  }

  async function lastAudit() {
    const rows = await gw.storage.audit.list();
    return rows[rows.length - 1]!;
  }

  it('refuses a replayed challenge', async () => {
    const challenge = await getChallenge(client);
    const body = cardLoginBody(card, challenge, device);
    expect((await submit(body)).status).toBe(200);
    const replay = await submit(body);
    expect(replay.status).toBe(401);
    expect(errorCode(replay)).toBe('CHALLENGE_USED');
    expect(await lastAudit()).toMatchObject({ event: 'card-login', outcome: 'failure', reason: 'CHALLENGE_USED', deviceId: device.deviceId });
  });

  it('allows one attempt per challenge: a failed signature burns it', async () => {
    const challenge = await getChallenge(client);
    const good = cardLoginBody(card, challenge, device);
    const bad = { ...good, signature: Buffer.from('not a signature').toString('base64url') };
    expect(errorCode(await submit(bad))).toBe('CARD_SIGNATURE_INVALID');
    expect(errorCode(await submit(good))).toBe('CHALLENGE_USED');
  });

  it('refuses an expired challenge (after 60 s)', async () => {
    const challenge = await getChallenge(client);
    gw.clock.advance(61_000);
    try {
      const res = await submit(cardLoginBody(card, challenge, device));
      expect(errorCode(res)).toBe('CHALLENGE_EXPIRED');
    } finally {
      gw.clock.advance(-61_000);
    }
  });

  it('accepts a challenge answered just inside its 60 s', async () => {
    const challenge = await getChallenge(client);
    gw.clock.advance(55_000);
    try {
      expect((await submit(cardLoginBody(card, challenge, device))).status).toBe(200);
    } finally {
      gw.clock.advance(-55_000);
    }
  });

  it('refuses a challenge issued to another device, and leaves it usable by its own', async () => {
    const other = await gw.enrollDevice('ward-2');
    const otherClient = gw.client(other);
    const challenge = await getChallenge(client);
    // The other device signs everything correctly for itself, but the challenge is not its own.
    const stolen = await submit(cardLoginBody(card, challenge, other), otherClient);
    expect(errorCode(stolen)).toBe('CHALLENGE_WRONG_DEVICE');
    expect((await submit(cardLoginBody(card, challenge, device))).status).toBe(200);
  });

  it('refuses an unknown challenge id', async () => {
    const challenge: ChallengeResponse = { challengeId: randomUUID(), nonce: 'AAAA', expiresAt: '' };
    expect(errorCode(await submit(cardLoginBody(card, challenge, device)))).toBe('CHALLENGE_UNKNOWN');
  });

  it('refuses a forged signature: another key, or the right key over another nonce', async () => {
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const c1 = await getChallenge(client);
    expect(errorCode(await submit(cardLoginBody({ ...card, privateKey: otherKey }, c1, device)))).toBe('CARD_SIGNATURE_INVALID');
    const c2 = await getChallenge(client);
    const c3 = await getChallenge(client);
    const signedForC3 = cardLoginBody(card, c3, device);
    expect(errorCode(await submit({ ...signedForC3, challengeId: c2.challengeId }))).toBe('CARD_SIGNATURE_INVALID');
    expect(await lastAudit()).toMatchObject({ reason: 'CARD_SIGNATURE_INVALID' });
  });

  it('refuses a certificate from an untrusted CA, even with a valid signature', async () => {
    const rogue = await createUntrustedCa();
    const rogueCard = await issueCardCertificate(rogue, { staffUuid: alex.id, commonName: alex.displayName, algorithm: 'p256', freshKey: true });
    const res = await cardLogin(client, rogueCard);
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe('CERTIFICATE_UNTRUSTED');
  });

  it('refuses expired and not-yet-valid certificates', async () => {
    const base = { staffUuid: alex.id, commonName: alex.displayName, algorithm: 'p256' as const };
    expect(errorCode(await cardLogin(client, await issueExpiredCardCertificate(ca, base)))).toBe('CERTIFICATE_EXPIRED');
    expect(errorCode(await cardLogin(client, await issueNotYetValidCardCertificate(ca, base)))).toBe('CERTIFICATE_NOT_YET_VALID');
  });

  it('refuses a certificate not meant for digital signature', async () => {
    const encOnly = await issueCardCertificate(ca, {
      staffUuid: alex.id,
      commonName: alex.displayName,
      algorithm: 'p256',
      keyUsage: ['keyEncipherment'],
    });
    expect(errorCode(await cardLogin(client, encOnly))).toBe('CERTIFICATE_KEY_USAGE');
  });

  it('refuses bytes that are not a certificate', async () => {
    const challenge = await getChallenge(client);
    const body = { ...cardLoginBody(card, challenge, device), certificate: Buffer.from('garbage').toString('base64url') };
    expect(errorCode(await submit(body))).toBe('CERTIFICATE_INVALID');
  });

  it('refuses a trusted card whose serialNumber names nobody (unknown staff)', async () => {
    const stranger = await issueCardCertificate(ca, { staffUuid: randomUUID(), commonName: 'Nobody', algorithm: 'p256' });
    expect(errorCode(await cardLogin(client, stranger))).toBe('STAFF_NOT_FOUND');
  });

  it('refuses an inactive staff member with 403', async () => {
    const inactive = await issueCardCertificate(ca, { staffUuid: jordan.id, commonName: jordan.displayName, algorithm: 'p256' });
    const res = await cardLogin(client, inactive);
    expect(res.status).toBe(403);
    expect(errorCode(res)).toBe('STAFF_INACTIVE');
    expect(await lastAudit()).toMatchObject({ reason: 'STAFF_INACTIVE', staffId: jordan.id });
  });

  it('treats SQL-looking identifiers as data: a serialNumber with SQL names nobody', async () => {
    const sqlCard = await issueCardCertificate(ca, {
      staffUuid: "' OR '1'='1' --",
      commonName: "Robert'); DROP TABLE staff;--",
      algorithm: 'p256',
      freshKey: true,
    });
    expect(errorCode(await cardLogin(client, sqlCard))).toBe('STAFF_NOT_FOUND');
    expect(await gw.storage.staff.count()).toBe(DEMO_STAFF.length);
  });

  it('lets exactly one of two concurrent uses of one challenge win', async () => {
    for (let round = 0; round < 5; round++) {
      const challenge = await getChallenge(client);
      const body = cardLoginBody(card, challenge, device);
      const results = await Promise.all([submit(body), submit(body), submit(body)]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 401, 401]);
      expect(results.filter((r) => r.status === 401).map(errorCode)).toEqual(['CHALLENGE_USED', 'CHALLENGE_USED']);
    }
  });
});
