// Device enrollment: IT makes a one-time token with the CLI; the kiosk presents it once with its
// new P-256 public key and becomes a trusted device. Tokens are stored only as SHA-256 hashes.

import { createHash, createPublicKey, randomBytes, randomUUID } from 'node:crypto';
import type { AuditWriter } from '../audit/writer';
import { ApiError } from '../errors';
import type { Storage } from '../storage/storage';

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface IssuedEnrollmentToken {
  readonly id: string;
  /** Shown once to IT; never stored. */
  readonly token: string;
  readonly expiresAt: number;
}

export async function createEnrollmentToken(
  storage: Storage,
  audit: AuditWriter,
  options: { label: string; ttlMs: number; now: number },
): Promise<IssuedEnrollmentToken> {
  const token = randomBytes(32).toString('base64url');
  const id = randomUUID();
  const expiresAt = options.now + options.ttlMs;
  await storage.transaction(async (repos) => {
    await repos.enrollmentTokens.insert({ id, tokenHash: hashToken(token), label: options.label, createdAt: options.now, expiresAt });
    await audit.record({ event: 'enrollment-token-created', outcome: 'success', details: { tokenId: id, label: options.label } }, repos);
  });
  return { id, token, expiresAt };
}

/** Checks the key is an uncompressed/compressed P-256 SPKI; returns its canonical DER. */
export function parseDevicePublicKey(spkiBase64url: string): string {
  try {
    const key = createPublicKey({ key: Buffer.from(spkiBase64url, 'base64url'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new Error('not P-256');
    }
    return key.export({ format: 'der', type: 'spki' }).toString('base64url');
  } catch {
    throw new ApiError('VALIDATION_FAILED', 'publicKey must be the SPKI DER of a P-256 key, base64url.');
  }
}

export async function enrollDevice(
  storage: Storage,
  audit: AuditWriter,
  request: { enrollmentToken: string; publicKey: string; hostname: string; sourceAddress: string; now: number },
): Promise<{ deviceId: string }> {
  const publicKey = parseDevicePublicKey(request.publicKey);
  const tokenHash = hashToken(request.enrollmentToken);
  const deviceId = randomUUID();
  const outcome = await storage.transaction(async (repos) => {
    const token = await repos.enrollmentTokens.findByHash(tokenHash);
    const reason =
      token === null ? 'unknown' : token.usedAt !== null ? 'used' : token.expiresAt <= request.now ? 'expired' : null;
    if (token === null || reason !== null) return { ok: false as const, reason: reason ?? 'unknown', tokenId: token?.id ?? null };
    await repos.devices.insert({ id: deviceId, publicKey, hostname: request.hostname, enrolledAt: request.now });
    if (!(await repos.enrollmentTokens.consume(tokenHash, deviceId, request.now))) {
      throw new Error('enrollment token changed inside the transaction');
    }
    await audit.record(
      {
        event: 'device-enroll',
        outcome: 'success',
        deviceId,
        sourceAddress: request.sourceAddress,
        details: { tokenId: token.id, hostname: request.hostname },
      },
      repos,
    );
    return { ok: true as const };
  });
  if (!outcome.ok) {
    await audit.record({
      event: 'device-enroll',
      outcome: 'failure',
      reason: `ENROLLMENT_TOKEN_INVALID:${outcome.reason}`,
      sourceAddress: request.sourceAddress,
      details: { tokenId: outcome.tokenId, hostname: request.hostname },
    });
    throw new ApiError('ENROLLMENT_TOKEN_INVALID', 'The enrollment token is unknown, expired or already used.');
  }
  return { deviceId };
}
