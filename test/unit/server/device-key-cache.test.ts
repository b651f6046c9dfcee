// The device request verifier keeps parsed device keys by device id. A cached key must never
// outlive what the device record says: a revoked device is refused (and its key dropped) even
// after many good requests, and a device whose stored key changes is verified with the new key
// only. Real SQLite storage (a temporary file), real P-256 signatures, the real audit writer.

import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDeviceRequest } from '../../../src-main/core/device/request-signer';
import { AuditWriter } from '../../../server/src/audit/writer';
import { DeviceRequestVerifier } from '../../../server/src/device/request-verifier';
import { ApiError } from '../../../server/src/errors';
import type { Storage } from '../../../server/src/storage/storage';
import { openSqliteStorage } from '../../../server/src/storage/sqlite/sqlite-storage';

const PATH = '/v1/card-login/challenge';

function newKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicKey, text: publicKey.export({ type: 'spki', format: 'der' }).toString('base64url') };
}

/** The parts of a Fastify request the verifier reads, for one signed POST without a body. */
function signedRequest(deviceId: string, privateKey: ReturnType<typeof newKey>['privateKey']): FastifyRequest {
  const headers = signDeviceRequest({ deviceId, privateKey }, { method: 'POST', pathWithQuery: PATH });
  return { method: 'POST', url: PATH, headers, rawBody: null, ip: '127.0.0.1' } as unknown as FastifyRequest;
}

async function outcome(verifier: DeviceRequestVerifier, request: FastifyRequest): Promise<string> {
  try {
    await verifier.checkHeaders(request);
    await verifier.checkSignature(request);
    return 'OK';
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
}

describe('device key cache', () => {
  let dir: string;
  let storage: Storage;
  let verifier: DeviceRequestVerifier;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'esr-devkey-'));
    storage = openSqliteStorage({ file: join(dir, 'gateway.sqlite') });
    verifier = new DeviceRequestVerifier(storage, new AuditWriter(storage, Date.now), Date.now);
  });

  afterAll(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a revoked device at once although its key is cached, and drops the key', async () => {
    const key = newKey();
    await storage.devices.insert({ id: 'kiosk-revoked', publicKey: key.text, hostname: 'ward-1', enrolledAt: Date.now() });
    for (let i = 0; i < 3; i++) expect(await outcome(verifier, signedRequest('kiosk-revoked', key.privateKey))).toBe('OK');
    expect(verifier.cachedKeyCount()).toBe(1);
    expect(await storage.devices.revoke('kiosk-revoked', Date.now())).toBe(true);
    expect(await outcome(verifier, signedRequest('kiosk-revoked', key.privateKey))).toBe('DEVICE_NOT_ENROLLED');
    expect(verifier.cachedKeyCount()).toBe(0);
  });

  it('verifies with the stored key only: a re-keyed device record is not checked against the cached key', async () => {
    const oldKey = newKey();
    const newer = newKey();
    await storage.devices.insert({ id: 'kiosk-rekeyed', publicKey: oldKey.text, hostname: 'ward-2', enrolledAt: Date.now() });
    expect(await outcome(verifier, signedRequest('kiosk-rekeyed', oldKey.privateKey))).toBe('OK');
    // The stored key changes under the same id (no repository does this; an operator's SQL or a
    // restore could): write it through a second connection, as another process would.
    const raw = new Database(join(dir, 'gateway.sqlite'));
    raw.prepare('UPDATE devices SET public_key = ? WHERE id = ?').run(newer.text, 'kiosk-rekeyed');
    raw.close();
    expect(await outcome(verifier, signedRequest('kiosk-rekeyed', oldKey.privateKey))).toBe('DEVICE_SIGNATURE_INVALID');
    expect(await outcome(verifier, signedRequest('kiosk-rekeyed', newer.privateKey))).toBe('OK');
  });

  it('refuses a signature by another key and a body that differs from the signed one', async () => {
    const key = newKey();
    await storage.devices.insert({ id: 'kiosk-other', publicKey: key.text, hostname: 'ward-3', enrolledAt: Date.now() });
    expect(await outcome(verifier, signedRequest('kiosk-other', newKey().privateKey))).toBe('DEVICE_SIGNATURE_INVALID');
    const tampered = signedRequest('kiosk-other', key.privateKey);
    (tampered as unknown as { rawBody: Buffer }).rawBody = Buffer.from('{"x":1}');
    expect(await outcome(verifier, tampered)).toBe('DEVICE_SIGNATURE_INVALID');
    expect(await outcome(verifier, signedRequest('kiosk-other', key.privateKey))).toBe('OK');
  });
});
