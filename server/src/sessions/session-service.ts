// Session tokens: 32 random bytes shown once to the kiosk, stored only as a SHA-256 hash, bound
// to the device that logged in (and, for card logins, to the certificate's fingerprint).
// A session ends when idle for `idleSeconds`, at `absoluteSeconds` after issue, on logout, or
// when revoked (password change, recovery).

import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { GatewayConfig } from '../config';
import type { Repositories } from '../storage/storage';
import type { SessionMethod, SessionRecord } from '../storage/types';

export interface AuthenticatedSession {
  readonly id: string;
  readonly staffId: string;
  readonly deviceId: string;
  readonly method: SessionMethod;
  readonly certificateFingerprint: string | null;
}

export interface IssuedSession {
  readonly sessionId: string;
  /** Give to the client once; never store or log it. */
  readonly token: string;
  /** Idle expiry at the time of issue (Unix ms). */
  readonly expiresAt: number;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/u;

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export type SessionCheck =
  | { readonly ok: true; readonly session: AuthenticatedSession }
  | {
      readonly ok: false;
      readonly reason: 'malformed' | 'unknown' | 'revoked' | 'idle' | 'expired' | 'wrong-device' | 'staff-inactive' | 'certificate-revoked';
      readonly sessionId?: string;
      readonly staffId?: string;
    };

/** The card certificate a card session was opened with, as the CRL names it. */
export interface SessionCertificate {
  readonly fingerprint: string;
  readonly issuer: string;
  readonly serial: string;
}

/** Whether the CRL in force revokes a certificate (issuer name, serial number). */
export type RevocationCheck = (issuer: string, serial: string) => Promise<boolean>;

export class SessionService {
  constructor(
    private readonly settings: GatewayConfig['sessions'],
    private readonly now: () => number,
    private readonly isCertificateRevoked: RevocationCheck = () => Promise.resolve(false),
  ) {}

  /** Creates a session in `repos` (pass the transaction's repositories when in one). */
  async issue(
    repos: Pick<Repositories, 'sessions'>,
    input: { staffId: string; deviceId: string; method: SessionMethod; certificate: SessionCertificate | null },
  ): Promise<IssuedSession> {
    const now = this.now();
    const token = randomBytes(32).toString('base64url');
    const sessionId = randomUUID();
    await repos.sessions.insert({
      id: sessionId,
      tokenHash: hashSessionToken(token),
      staffId: input.staffId,
      deviceId: input.deviceId,
      method: input.method,
      certificateFingerprint: input.certificate?.fingerprint ?? null,
      certificateIssuer: input.certificate?.issuer ?? null,
      certificateSerial: input.certificate?.serial ?? null,
      createdAt: now,
      lastUsedAt: now,
      absoluteExpiresAt: now + this.settings.absoluteSeconds * 1000,
    });
    return { sessionId, token, expiresAt: this.idleExpiry(now, now + this.settings.absoluteSeconds * 1000) };
  }

  private idleExpiry(lastUsedAt: number, absoluteExpiresAt: number): number {
    return Math.min(lastUsedAt + this.settings.idleSeconds * 1000, absoluteExpiresAt);
  }

  /** Checks a bearer token presented by `deviceId`; on success slides the idle window. */
  async authenticate(repos: Pick<Repositories, 'sessions' | 'staff'>, token: string, deviceId: string): Promise<SessionCheck> {
    if (!TOKEN.test(token)) return { ok: false, reason: 'malformed' };
    const record: SessionRecord | null = await repos.sessions.findByTokenHash(hashSessionToken(token));
    if (record === null) return { ok: false, reason: 'unknown' };
    const base = { sessionId: record.id, staffId: record.staffId };
    const now = this.now();
    if (record.revokedAt !== null) return { ok: false, reason: 'revoked', ...base };
    if (now >= record.absoluteExpiresAt) return { ok: false, reason: 'expired', ...base };
    if (now >= record.lastUsedAt + this.settings.idleSeconds * 1000) return { ok: false, reason: 'idle', ...base };
    if (record.deviceId !== deviceId) return { ok: false, reason: 'wrong-device', ...base };
    const staff = await repos.staff.findById(record.staffId);
    if (staff?.status !== 'active') {
      await repos.sessions.revoke(record.id, now, 'staff-inactive');
      return { ok: false, reason: 'staff-inactive', ...base };
    }
    // A CRL loaded since this card session opened may revoke its card: end it now.
    if (record.certificateIssuer !== null && record.certificateSerial !== null && (await this.isCertificateRevoked(record.certificateIssuer, record.certificateSerial))) {
      await repos.sessions.revoke(record.id, now, 'certificate-revoked');
      return { ok: false, reason: 'certificate-revoked', ...base };
    }
    await repos.sessions.touch(record.id, now);
    return {
      ok: true,
      session: {
        id: record.id,
        staffId: record.staffId,
        deviceId: record.deviceId,
        method: record.method,
        certificateFingerprint: record.certificateFingerprint,
      },
    };
  }
}
