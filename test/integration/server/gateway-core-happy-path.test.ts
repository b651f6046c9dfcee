// The gateway's core happy paths over real HTTPS with a real SQLite file: health, device
// enrollment, card login with RSA-2048 and P-256 cards, a session-authenticated logout.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../src-main/shared/gateway-api';
import { createTestCa, issueCardCertificate, type TestCa, type TestCardCertificate } from '../../support/pki/test-pki';
import { startTestGateway, type TestGateway } from '../../support/server/gateway';
import { cardLogin } from '../../support/server/card-login';
import { errorCode } from '../../support/server/client';
import { DEMO_STAFF } from '../../support/server/demo-staff';

describe('gateway core: happy paths', () => {
  let gw: TestGateway;
  let ca: TestCa;
  let rsaCard: TestCardCertificate;
  let ecCard: TestCardCertificate;
  const alex = DEMO_STAFF[0]!;
  const priya = DEMO_STAFF[1]!;

  beforeAll(async () => {
    ca = await createTestCa({ commonName: 'ESR Test Card CA' });
    rsaCard = await issueCardCertificate(ca, { staffUuid: alex.id, commonName: alex.displayName, algorithm: 'rsa2048' });
    ecCard = await issueCardCertificate(ca, { staffUuid: priya.id, commonName: priya.displayName, algorithm: 'p256' });
    gw = await startTestGateway({ cardTrustAnchors: [ca.certificatePem], staff: DEMO_STAFF });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('answers health over HTTPS with the schema version', async () => {
    const res = await gw.client().send<{ status: string; schemaVersion: number }>({ method: 'GET', path: ROUTES.health });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.schemaVersion).toBeGreaterThanOrEqual(1);
  });

  it('enrolls a device once per token', async () => {
    const token = await gw.createEnrollmentToken('ward 7');
    const device = await gw.client().enroll(token, 'ward-7-kiosk');
    expect(device.deviceId).toMatch(/^[0-9a-f-]{36}$/);
    const record = await gw.storage.devices.findById(device.deviceId);
    expect(record?.hostname).toBe('ward-7-kiosk');
    await expect(gw.client().enroll(token, 'ward-8-kiosk')).rejects.toThrow(/ENROLLMENT_TOKEN_INVALID/);
  });

  it('logs in with an RSA-2048 card and a P-256 card, then logs out', async () => {
    const device = await gw.enrollDevice();
    const client = gw.client(device);
    for (const [card, person] of [[rsaCard, alex], [ecCard, priya]] as const) {
      const res = await cardLogin(client, card);
      expect(res.status, res.text).toBe(200);
      expect(res.body.person).toEqual({ displayName: person.displayName, username: person.username });
      expect(res.body.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now());
      const out = await client.send({ path: ROUTES.logout, token: res.body.sessionToken });
      expect(out.status).toBe(204);
      const again = await client.send({ path: ROUTES.logout, token: res.body.sessionToken });
      expect(errorCode(again)).toBe('SESSION_INVALID');
    }
    const audit = await gw.storage.audit.list();
    const events = audit.filter((a) => a.deviceId === device.deviceId).map((a) => `${a.event}:${a.outcome}`);
    expect(events).toEqual(expect.arrayContaining(['device-enroll:success', 'card-challenge:success', 'card-login:success', 'logout:success']));
  });

  it('stores session tokens only as hashes', async () => {
    const device = await gw.enrollDevice();
    const res = await cardLogin(gw.client(device), rsaCard);
    const token = (res.body).sessionToken;
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(gw.dbFile, { readonly: true });
    const dump = JSON.stringify(db.prepare('SELECT * FROM sessions').all());
    db.close();
    expect(dump).not.toContain(token);
  });
});
