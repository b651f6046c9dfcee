// Enrolment end to end with real parts: the real gateway over HTTPS (its own test CA, SQLite),
// a one-time token made as the server CLI makes it, the kiosk's configuration loaded from a real
// config.json naming that CA, the kiosk's gateway client, and the device key kept in a real
// gnome-keyring through keytar. Then the stored key signs a request the gateway accepts.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src-main/core/config/load-config';
import { KeytarCredentialStore } from '../../../src-main/core/credentials/keytar-store';
import { loadDeviceIdentity } from '../../../src-main/core/device/device-key';
import { enrollDevice, isEnrolled, unenroll } from '../../../src-main/core/device/enrollment';
import { enrollFromTokenFile } from '../../../src-main/core/device/enrollment-token-file';
import type { DeviceIdentity } from '../../../src-main/core/device/request-signer';
import { createGatewayClient, type GatewayClient } from '../../../src-main/core/gateway/gateway-client';
import { startTestGateway, type TestGateway } from '../../support/server/gateway';
import { startUnlockedKeyring, type RunningKeyring } from './gnome-keyring';

let keyring: RunningKeyring;
let gateway: TestGateway;
let client: GatewayClient;
let identity: DeviceIdentity | null = null;
const store = new KeytarCredentialStore();
const dir = mkdtempSync(path.join(tmpdir(), 'esr-enroll-gw-'));

beforeAll(async () => {
  keyring = await startUnlockedKeyring();
  gateway = await startTestGateway();
  const caFile = path.join(dir, 'gateway-ca.pem');
  writeFileSync(caFile, gateway.caPem);
  const configFile = path.join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ gatewayUrl: gateway.url, gatewayCaFile: caFile }));
  const loaded = await loadConfig({ platform: 'linux', env: {}, configFile });
  if (!loaded.ok) throw new Error(`config: ${JSON.stringify(loaded.problems)}`);
  client = createGatewayClient({
    baseUrl: loaded.config.gatewayUrl,
    ca: loaded.gatewayCaPem,
    timeoutMs: loaded.config.gatewayTimeoutSeconds * 1000,
    identity: () => identity,
    retries: 0,
  });
});

afterAll(async () => {
  client.close();
  await unenroll(store).catch(() => undefined);
  await gateway.close();
  await keyring.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('enrolment against the real gateway', () => {
  it('enrols with a CLI-made token, stores the key in the vault, and the gateway accepts its signatures', async () => {
    await expect(client.challenge()).rejects.toMatchObject({ code: 'DEVICE_NOT_ENROLLED' });

    const token = await gateway.createEnrollmentToken('ward 7');
    const { deviceId } = await enrollDevice({ token, store, hostname: 'WARD-7-PC', postEnroll: (body) => client.enroll(body) });
    expect(deviceId).not.toBe('');
    expect(await isEnrolled(new KeytarCredentialStore())).toBe(true);

    identity = await loadDeviceIdentity(new KeytarCredentialStore());
    expect(identity?.deviceId).toBe(deviceId);
    const challenge = await client.challenge(); // signed with the key from the vault
    expect(challenge.challengeId).not.toBe('');

    // The token was single use.
    await expect(
      enrollDevice({ token, store, hostname: 'OTHER-PC', postEnroll: (body) => client.enroll(body), replace: true }),
    ).rejects.toMatchObject({ code: 'ENROLLMENT_TOKEN_INVALID' });
    // The refused re-enrolment left the working identity in place.
    expect((await loadDeviceIdentity(store))?.deviceId).toBe(deviceId);
  });

  it('a device key the gateway does not know is refused', async () => {
    await unenroll(store);
    // A key stored as if enrolled, under an id the gateway never issued.
    await enrollDevice({ token: 'never-sent-to-the-gateway-0000', store, hostname: 'h', postEnroll: async () => ({ deviceId: 'not-registered' }) });
    identity = await loadDeviceIdentity(store);
    await expect(client.challenge()).rejects.toMatchObject({ code: 'DEVICE_NOT_ENROLLED' });
  });

  it('first start: enrols from the MSI token file and deletes it', async () => {
    await unenroll(store);
    const file = path.join(dir, 'enrollment.ini');
    writeFileSync(file, `[Enrollment]\r\nToken=${await gateway.createEnrollmentToken('msi')}\r\n`);
    const result = await enrollFromTokenFile({ file, store, hostname: 'WARD-9-PC', postEnroll: (body) => client.enroll(body) });
    expect(result.outcome).toBe('enrolled');
    expect(existsSync(file)).toBe(false);
    identity = await loadDeviceIdentity(store);
    await expect(client.challenge()).resolves.toMatchObject({ challengeId: expect.any(String) });
  });
});
