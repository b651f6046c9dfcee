// Device trust (DESIGN.md section 5) over real HTTPS: enrollment tokens are one-time and expire;
// every signed route refuses unenrolled or revoked devices, bad signatures, tampered bodies,
// skewed clocks and replayed nonces, with the right code and an audit row.

import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../../src-main/shared/gateway-api';
import { startTestGateway, type TestGateway } from '../../support/server/gateway';
import { errorCode, type GatewayTestClient, type TestDevice } from '../../support/server/client';

describe('device trust', () => {
  let gw: TestGateway;
  let device: TestDevice;
  let client: GatewayTestClient;

  beforeAll(async () => {
    gw = await startTestGateway();
    device = await gw.enrollDevice('ward-3');
    client = gw.client(device);
  });
  afterAll(async () => {
    await gw.close();
  });

  const challenge = (overrides: Parameters<GatewayTestClient['send']>[0] | object = {}) =>
    client.send({ path: ROUTES.challenge, ...overrides });

  it('accepts a correctly signed request from an enrolled device', async () => {
    const res = await challenge();
    expect(res.status).toBe(200);
  });

  it('refuses an unsigned request and an unenrolled device', async () => {
    const unsigned = await challenge({ device: null });
    expect(unsigned.status).toBe(403);
    expect(errorCode(unsigned)).toBe('DEVICE_NOT_ENROLLED');
    const stranger: TestDevice = { deviceId: randomUUID(), ...generateKeyPairSync('ec', { namedCurve: 'P-256' }) };
    const res = await challenge({ device: stranger });
    expect(errorCode(res)).toBe('DEVICE_NOT_ENROLLED');
  });

  it('refuses a signature by another key under this device id', async () => {
    const impostor: TestDevice = { deviceId: device.deviceId, ...generateKeyPairSync('ec', { namedCurve: 'P-256' }) };
    const res = await challenge({ device: impostor });
    expect(res.status).toBe(401);
    expect(errorCode(res)).toBe('DEVICE_SIGNATURE_INVALID');
    const rows = await gw.storage.audit.list();
    expect(rows[rows.length - 1]).toMatchObject({ event: 'device-auth', outcome: 'failure', reason: 'DEVICE_SIGNATURE_INVALID', deviceId: device.deviceId });
  });

  it('refuses a body changed after signing, and a path changed after signing', async () => {
    const tampered = await client.send({
      path: ROUTES.cardLogin,
      body: { challengeId: randomUUID(), certificate: 'AA', signature: 'AA' },
      signBodyOverride: JSON.stringify({ challengeId: randomUUID(), certificate: 'AA', signature: 'AA' }),
    });
    expect(errorCode(tampered)).toBe('DEVICE_SIGNATURE_INVALID');
    const headers = (await import('../../../src-main/core/device/request-signer')).signDeviceRequest(device, {
      method: 'POST',
      pathWithQuery: `${ROUTES.challenge}?for=ward-3`,
    });
    const moved = await challenge({ device: null, headers });
    expect(errorCode(moved)).toBe('DEVICE_SIGNATURE_INVALID');
  });

  it('refuses a garbled signature header', async () => {
    const res = await challenge({ headers: { 'x-device-signature': 'not base64url!' } });
    expect(errorCode(res)).toBe('DEVICE_SIGNATURE_INVALID');
  });

  it('refuses timestamps more than 5 minutes off either way, accepts 4 minutes', async () => {
    const now = gw.clock.now();
    expect(errorCode(await challenge({ signOptions: { now: now - 6 * 60_000 } }))).toBe('DEVICE_CLOCK_SKEW');
    expect(errorCode(await challenge({ signOptions: { now: now + 6 * 60_000 } }))).toBe('DEVICE_CLOCK_SKEW');
    expect((await challenge({ signOptions: { now: now - 4 * 60_000 } })).status).toBe(200);
  });

  it('refuses a replayed nonce, but a bad signature does not burn the nonce', async () => {
    const nonce = randomBytes(16);
    const impostor: TestDevice = { deviceId: device.deviceId, ...generateKeyPairSync('ec', { namedCurve: 'P-256' }) };
    expect(errorCode(await challenge({ device: impostor, signOptions: { nonce } }))).toBe('DEVICE_SIGNATURE_INVALID');
    expect((await challenge({ signOptions: { nonce } })).status).toBe(200);
    const replay = await challenge({ signOptions: { nonce } });
    expect(replay.status).toBe(401);
    expect(errorCode(replay)).toBe('DEVICE_NONCE_REPLAYED');
  });

  it('refuses a nonce shorter than 16 bytes', async () => {
    expect(errorCode(await challenge({ signOptions: { nonce: randomBytes(8) } }))).toBe('DEVICE_SIGNATURE_INVALID');
  });

  it('refuses a revoked device', async () => {
    const doomed = await gw.enrollDevice('ward-4');
    expect((await gw.client(doomed).send({ path: ROUTES.challenge })).status).toBe(200);
    await gw.storage.devices.revoke(doomed.deviceId, gw.clock.now());
    expect(errorCode(await gw.client(doomed).send({ path: ROUTES.challenge }))).toBe('DEVICE_NOT_ENROLLED');
  });

  it('refuses unknown, used and expired enrollment tokens', async () => {
    const anon = gw.client();
    await expect(anon.enroll(randomBytes(32).toString('base64url'), 'ward-5')).rejects.toThrow(/ENROLLMENT_TOKEN_INVALID/);
    const token = await gw.createEnrollmentToken();
    gw.clock.advance(gw.config.enrollmentTokenTtlHours * 3600_000 + 1000);
    try {
      await expect(anon.enroll(token, 'ward-5')).rejects.toThrow(/ENROLLMENT_TOKEN_INVALID/);
    } finally {
      gw.clock.advance(-(gw.config.enrollmentTokenTtlHours * 3600_000 + 1000));
    }
    const rows = await gw.storage.audit.list();
    expect(rows[rows.length - 1]).toMatchObject({ event: 'device-enroll', outcome: 'failure', reason: 'ENROLLMENT_TOKEN_INVALID:expired' });
  });

  it('refuses a device key that is not P-256 and stores tokens only hashed', async () => {
    const token = await gw.createEnrollmentToken();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const res = await gw.client().send({
      path: ROUTES.enroll,
      device: null,
      body: { enrollmentToken: token, publicKey: rsa.export({ format: 'der', type: 'spki' }).toString('base64url'), hostname: 'ward-6' },
    });
    expect(errorCode(res)).toBe('VALIDATION_FAILED');
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(gw.dbFile, { readonly: true });
    const dump = JSON.stringify(db.prepare('SELECT * FROM enrollment_tokens').all());
    db.close();
    expect(dump).not.toContain(token);
    // Not consumed by the failed attempt:
    await expect(gw.client().enroll(token, 'ward-6')).resolves.toMatchObject({ deviceId: expect.any(String) });
  });
});
