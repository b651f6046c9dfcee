// Enrolment with the real keytar store and gnome-keyring: the device key survives into a fresh
// store instance and a fresh process, and unenrol removes it from the vault.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_NAMES } from '../../../src-main/core/credentials/credential-store';
import { KEYTAR_SERVICE, KeytarCredentialStore } from '../../../src-main/core/credentials/keytar-store';
import { loadDeviceIdentity, publicKeySpkiOf } from '../../../src-main/core/device/device-key';
import { enrollDevice, isEnrolled, unenroll } from '../../../src-main/core/device/enrollment';
import type { EnrollRequest } from '../../../src-main/shared/gateway-api';
import { startUnlockedKeyring, type RunningKeyring } from './gnome-keyring';

const run = promisify(execFile);
let keyring: RunningKeyring;
beforeAll(async () => {
  keyring = await startUnlockedKeyring();
});
afterAll(async () => {
  await keyring.stop();
});

describe('device identity in the OS vault', () => {
  it('enrols, reloads from a new store and a new process, and unenrols', async () => {
    const sent: EnrollRequest[] = [];
    await enrollDevice({
      token: 'integration-token-0123456789',
      store: new KeytarCredentialStore(),
      hostname: 'ward-pc',
      postEnroll: async (body) => {
        sent.push(body);
        return { deviceId: 'dev-keyring-1' };
      },
    });
    const fresh = new KeytarCredentialStore();
    const identity = await loadDeviceIdentity(fresh);
    expect(identity?.deviceId).toBe('dev-keyring-1');
    expect(publicKeySpkiOf(identity!.privateKey)).toBe(sent[0]!.publicKey);

    const script = `require('keytar').getPassword(${JSON.stringify(KEYTAR_SERVICE)}, ${JSON.stringify(CREDENTIAL_NAMES.devicePrivateKey)}).then((v) => process.stdout.write(String(v).split('\\n')[0]))`;
    const { stdout } = await run(process.execPath, ['-e', script], { timeout: 15_000 });
    expect(stdout).toBe('-----BEGIN PRIVATE KEY-----');

    expect(await unenroll(fresh)).toBe(true);
    expect(await isEnrolled(new KeytarCredentialStore())).toBe(false);
  });
});
