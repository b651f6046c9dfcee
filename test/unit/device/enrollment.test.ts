import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CREDENTIAL_NAMES, type CredentialStore } from '../../../src-main/core/credentials/credential-store';
import { MemoryCredentialStore } from '../../../src-main/core/credentials/memory-store';
import { DeviceIdentityError, loadDeviceIdentity } from '../../../src-main/core/device/device-key';
import { EnrollmentError, enrollDevice, isEnrolled, unenroll, type PostEnroll } from '../../../src-main/core/device/enrollment';
import { enrollFromTokenFile, enrollmentTokenFile, parseEnrollmentIni } from '../../../src-main/core/device/enrollment-token-file';
import { signDeviceRequest } from '../../../src-main/core/device/request-signer';
import { deviceSigningString, type EnrollRequest } from '../../../src-main/shared/gateway-api';

const TOKEN = 'tok_' + 'A1b2C3d4E5f6G7h8I9j0';

/** Stands in for the gateway's /v1/devices/enroll: records what it was sent. */
function fakeGateway(deviceId = 'dev-123') {
  const received: EnrollRequest[] = [];
  const postEnroll: PostEnroll = async (body) => {
    received.push(body);
    return { deviceId };
  };
  return { received, postEnroll };
}

describe('enrollDevice', () => {
  it('sends a P-256 public key and stores the matching private key and the device id', async () => {
    const store = new MemoryCredentialStore();
    const gateway = fakeGateway();
    expect(await isEnrolled(store)).toBe(false);

    const result = await enrollDevice({ token: ` ${TOKEN}\n`, store, hostname: 'WARD-PC-07', postEnroll: gateway.postEnroll });
    expect(result).toEqual({ deviceId: 'dev-123' });
    expect(gateway.received).toHaveLength(1);
    const sent = gateway.received[0]!;
    expect(sent.enrollmentToken).toBe(TOKEN);
    expect(sent.hostname).toBe('WARD-PC-07');

    const publicKey = createPublicKey({ key: Buffer.from(sent.publicKey, 'base64url'), format: 'der', type: 'spki' });
    expect(publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(await store.get(CREDENTIAL_NAMES.devicePrivateKey)).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(await isEnrolled(store)).toBe(true);

    // The stored key signs requests the gateway can check with the key it was sent.
    const identity = (await loadDeviceIdentity(store))!;
    expect(identity.deviceId).toBe('dev-123');
    const headers = signDeviceRequest(identity, { method: 'POST', pathWithQuery: '/v1/logout', body: '{}' }, { now: 1_700_000_000_000 });
    const text = deviceSigningString({
      method: 'POST',
      pathWithQuery: '/v1/logout',
      timestamp: headers['x-device-timestamp']!,
      nonce: headers['x-device-nonce']!,
      bodySha256: 'RBNvo1WzZ4oRRq0W9-hknpT7T8If536DEMBg9hyq_4o',
    });
    expect(verify('sha256', Buffer.from(text), publicKey, Buffer.from(headers['x-device-signature']!, 'base64url'))).toBe(true);
  });

  it('makes a new key for every enrolment', async () => {
    const a = fakeGateway();
    const b = fakeGateway();
    await enrollDevice({ token: TOKEN, store: new MemoryCredentialStore(), hostname: 'h', postEnroll: a.postEnroll });
    await enrollDevice({ token: TOKEN, store: new MemoryCredentialStore(), hostname: 'h', postEnroll: b.postEnroll });
    expect(a.received[0]!.publicKey).not.toBe(b.received[0]!.publicKey);
  });

  it('refuses a malformed token without calling the gateway or echoing the token', async () => {
    const gateway = fakeGateway();
    for (const token of ['', 'short', 'has spaces in the middle of it', 'x'.repeat(513), 'tok\u0000en-with-nul-0000000']) {
      const error = await enrollDevice({ token, store: new MemoryCredentialStore(), hostname: 'h', postEnroll: gateway.postEnroll }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EnrollmentError);
      expect((error as EnrollmentError).code).toBe('ENROLLMENT_TOKEN_FORMAT');
      if (token.length > 0) expect((error as Error).message).not.toContain(token);
    }
    expect(gateway.received).toEqual([]);
  });

  it('stores nothing when the gateway refuses the token', async () => {
    const store = new MemoryCredentialStore();
    const refused = Object.assign(new Error('refused'), { code: 'ENROLLMENT_TOKEN_INVALID' });
    await expect(enrollDevice({ token: TOKEN, store, hostname: 'h', postEnroll: () => Promise.reject(refused) })).rejects.toBe(refused);
    expect(await store.get(CREDENTIAL_NAMES.devicePrivateKey)).toBeNull();
    expect(await store.get(CREDENTIAL_NAMES.deviceId)).toBeNull();
  });

  it('refuses to replace an enrolment unless asked, and replaces it when asked', async () => {
    const store = new MemoryCredentialStore();
    await enrollDevice({ token: TOKEN, store, hostname: 'h', postEnroll: fakeGateway('first').postEnroll });
    const again = await enrollDevice({ token: TOKEN, store, hostname: 'h', postEnroll: fakeGateway('second').postEnroll }).catch((e: unknown) => e);
    expect((again as EnrollmentError).code).toBe('ALREADY_ENROLLED');
    await enrollDevice({ token: TOKEN, store, hostname: 'h', postEnroll: fakeGateway('second').postEnroll, replace: true });
    expect((await loadDeviceIdentity(store))!.deviceId).toBe('second');
  });

  it('reports a vault failure after the gateway enrolled, naming the device id to retire', async () => {
    const failing: CredentialStore = { get: async () => null, delete: async () => false, set: () => Promise.reject(new Error('vault locked')) };
    const error = await enrollDevice({ token: TOKEN, store: failing, hostname: 'h', postEnroll: fakeGateway('dev-9').postEnroll }).catch((e: unknown) => e);
    expect((error as EnrollmentError).code).toBe('ENROLLMENT_NOT_SAVED');
    expect((error as Error).message).toContain('dev-9');
  });
});

describe('unenroll and a damaged identity', () => {
  it('unenroll removes key and id, and says whether there was anything', async () => {
    const store = new MemoryCredentialStore();
    await enrollDevice({ token: TOKEN, store, hostname: 'h', postEnroll: fakeGateway().postEnroll });
    expect(await unenroll(store)).toBe(true);
    expect(await isEnrolled(store)).toBe(false);
    expect(await loadDeviceIdentity(store)).toBeNull();
    expect(await unenroll(store)).toBe(false);
  });

  it('treats a partial or corrupt identity as not enrolled, with a typed error on load', async () => {
    const partial = new MemoryCredentialStore();
    await partial.set(CREDENTIAL_NAMES.deviceId, 'dev-1');
    await expect(loadDeviceIdentity(partial)).rejects.toMatchObject({ code: 'DEVICE_KEY_PARTIAL' });
    expect(await isEnrolled(partial)).toBe(false);

    const corrupt = new MemoryCredentialStore();
    await corrupt.set(CREDENTIAL_NAMES.deviceId, 'dev-1');
    await corrupt.set(CREDENTIAL_NAMES.devicePrivateKey, '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
    await expect(loadDeviceIdentity(corrupt)).rejects.toBeInstanceOf(DeviceIdentityError);
    expect(await isEnrolled(corrupt)).toBe(false);
  });
});

describe('the MSI enrolment token file', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
  const tokenFile = (text: string): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'esr-enroll-'));
    dirs.push(dir);
    const file = path.join(dir, 'enrollment.ini');
    writeFileSync(file, text);
    return file;
  };

  it('lives in ProgramData on Windows and /etc/esr-kiosk on Linux', () => {
    expect(enrollmentTokenFile('win32', { ProgramData: 'C:\\ProgramData' })).toBe('C:\\ProgramData\\ESR Kiosk\\enrollment.ini');
    expect(enrollmentTokenFile('linux', {})).toBe('/etc/esr-kiosk/enrollment.ini');
  });

  it('parses the INI the MSI IniFile table writes (CRLF, BOM, other sections, case)', () => {
    expect(parseEnrollmentIni(`\uFEFF; written by the installer\r\n[Other]\r\nToken=nope\r\n[ENROLLMENT]\r\ntoken = ${TOKEN}\r\n`)).toBe(TOKEN);
    expect(parseEnrollmentIni('[Enrollment]\r\nToken=\r\n')).toBeNull();
    expect(parseEnrollmentIni('')).toBeNull();
  });

  it('enrols on first start and deletes the file', async () => {
    const file = tokenFile(`[Enrollment]\r\nToken=${TOKEN}\r\n`);
    const store = new MemoryCredentialStore();
    const gateway = fakeGateway('dev-ward-7');
    expect(await enrollFromTokenFile({ file, store, hostname: 'WARD-7', postEnroll: gateway.postEnroll })).toEqual({ outcome: 'enrolled', deviceId: 'dev-ward-7' });
    expect(existsSync(file)).toBe(false);
    expect(await isEnrolled(store)).toBe(true);
  });

  it('keeps the file to retry while the gateway is unreachable, drops it when the token is refused', async () => {
    const store = new MemoryCredentialStore();
    const down = tokenFile(`[Enrollment]\nToken=${TOKEN}\n`);
    const r1 = await enrollFromTokenFile({ file: down, store, hostname: 'h', postEnroll: () => Promise.reject(Object.assign(new Error('x'), { code: 'GATEWAY_UNREACHABLE' })) });
    expect(r1.outcome).toBe('failed');
    expect(existsSync(down)).toBe(true);

    const refused = tokenFile(`[Enrollment]\nToken=${TOKEN}\n`);
    const r2 = await enrollFromTokenFile({ file: refused, store, hostname: 'h', postEnroll: () => Promise.reject(Object.assign(new Error('x'), { code: 'ENROLLMENT_TOKEN_INVALID' })) });
    expect(r2.outcome).toBe('failed');
    expect(existsSync(refused)).toBe(false);
    expect(await isEnrolled(store)).toBe(false);
  });

  it('does nothing without a file, and deletes a leftover file once enrolled', async () => {
    const store = new MemoryCredentialStore();
    const gateway = fakeGateway();
    expect(await enrollFromTokenFile({ file: '/nonexistent/enrollment.ini', store, hostname: 'h', postEnroll: gateway.postEnroll })).toEqual({ outcome: 'no-token' });
    await enrollDevice({ token: TOKEN, store, hostname: 'h', postEnroll: gateway.postEnroll });
    const leftover = tokenFile(`[Enrollment]\nToken=${TOKEN}\n`);
    expect(await enrollFromTokenFile({ file: leftover, store, hostname: 'h', postEnroll: gateway.postEnroll })).toEqual({ outcome: 'already-enrolled' });
    expect(existsSync(leftover)).toBe(false);
    expect(gateway.received).toHaveLength(1);
  });
});
