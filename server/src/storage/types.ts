// What the gateway stores, as an interface with no SQL in it, so an embedded SQLite file serves
// one site and PostgreSQL can serve a whole region behind the same repositories. Times are Unix
// milliseconds. Secrets (tokens) are stored only as hashes; the repositories never see them.

export type StaffStatus = 'active' | 'inactive';

export interface StaffRecord {
  /** The staff UUID; also the subject serialNumber of their card certificate. */
  readonly id: string;
  readonly displayName: string;
  /** ESR username, `234…`. */
  readonly username: string;
  /** Trust email address, stored lower-case. */
  readonly email: string;
  /** YYYY-MM-DD. A secret for logging purposes: never log or audit it. */
  readonly dateOfBirth: string;
  readonly status: StaffStatus;
  readonly failedLoginCount: number;
  /** When password login was blocked after too many failures; null when not blocked. */
  readonly lockedAt: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export type NewStaff = Pick<StaffRecord, 'id' | 'displayName' | 'username' | 'email' | 'dateOfBirth' | 'status'>;

export interface StaffRepository {
  insert(staff: NewStaff, now: number): Promise<void>;
  /** Inserts, or updates the named fields of the record with the same id. */
  upsert(staff: NewStaff, now: number): Promise<void>;
  findById(id: string): Promise<StaffRecord | null>;
  findByUsername(username: string): Promise<StaffRecord | null>;
  findByEmail(email: string): Promise<StaffRecord | null>;
  setStatus(id: string, status: StaffStatus, now: number): Promise<void>;
  /** Password-login bookkeeping (failed attempts, lockout). */
  setLoginState(id: string, state: { failedLoginCount: number; lockedAt: number | null }, now: number): Promise<void>;
  count(): Promise<number>;
}

export interface DeviceRecord {
  readonly id: string;
  /** SPKI DER of the device's P-256 public key, base64url. */
  readonly publicKey: string;
  readonly hostname: string;
  readonly enrolledAt: number;
  readonly revokedAt: number | null;
  readonly lastSeenAt: number | null;
}

export interface DeviceRepository {
  insert(device: Pick<DeviceRecord, 'id' | 'publicKey' | 'hostname' | 'enrolledAt'>): Promise<void>;
  findById(id: string): Promise<DeviceRecord | null>;
  revoke(id: string, now: number): Promise<boolean>;
  touch(id: string, now: number): Promise<void>;
  list(): Promise<DeviceRecord[]>;
}

export interface EnrollmentTokenRecord {
  readonly id: string;
  readonly tokenHash: string;
  readonly label: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly usedAt: number | null;
  readonly usedByDeviceId: string | null;
}

export interface EnrollmentTokenRepository {
  insert(token: Pick<EnrollmentTokenRecord, 'id' | 'tokenHash' | 'label' | 'createdAt' | 'expiresAt'>): Promise<void>;
  findByHash(tokenHash: string): Promise<EnrollmentTokenRecord | null>;
  /** Marks an unused, unexpired token used; true only for the one caller that did so. */
  consume(tokenHash: string, deviceId: string, now: number): Promise<boolean>;
}

export interface DeviceNonceRepository {
  /** Records a nonce; false when this device used it before (a replay). */
  remember(deviceId: string, nonce: string, expiresAt: number): Promise<boolean>;
  purgeExpired(now: number): Promise<number>;
}

export interface ChallengeRecord {
  readonly id: string;
  readonly deviceId: string;
  /** 32 random bytes, base64url: public, the card signs over it. */
  readonly nonce: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly consumedAt: number | null;
}

export interface ChallengeRepository {
  insert(challenge: Omit<ChallengeRecord, 'consumedAt'>): Promise<void>;
  findById(id: string): Promise<ChallengeRecord | null>;
  /** Atomically marks the challenge used; true only for the one caller that did so. */
  consume(id: string, now: number): Promise<boolean>;
  purgeExpired(before: number): Promise<number>;
}

export type SessionMethod = 'card' | 'password';

export interface SessionRecord {
  readonly id: string;
  readonly tokenHash: string;
  readonly staffId: string;
  readonly deviceId: string;
  readonly method: SessionMethod;
  /** SHA-256 of the card certificate (hex) for card sessions; null for password sessions. */
  readonly certificateFingerprint: string | null;
  /** The card certificate's issuer name and serial number (lower-case hex), to match a CRL. */
  readonly certificateIssuer: string | null;
  readonly certificateSerial: string | null;
  readonly createdAt: number;
  readonly lastUsedAt: number;
  readonly absoluteExpiresAt: number;
  readonly revokedAt: number | null;
  readonly revokedReason: string | null;
}

/** A session as opened; the certificate's issuer and serial are absent for password sessions. */
export type NewSession = Omit<SessionRecord, 'revokedAt' | 'revokedReason' | 'certificateIssuer' | 'certificateSerial'> &
  Partial<Pick<SessionRecord, 'certificateIssuer' | 'certificateSerial'>>;

/** An open card session and the certificate it was opened with. */
export type OpenCardSession = Pick<SessionRecord, 'id' | 'staffId' | 'deviceId' | 'certificateFingerprint'> & {
  readonly certificateIssuer: string;
  readonly certificateSerial: string;
};

export interface SessionRepository {
  insert(session: NewSession): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<SessionRecord | null>;
  touch(id: string, now: number): Promise<void>;
  revoke(id: string, now: number, reason: string): Promise<boolean>;
  /** Revokes every live session of a staff member except `exceptId`; returns how many. */
  revokeAllForStaff(staffId: string, now: number, reason: string, exceptId?: string): Promise<number>;
  /** Revokes every live session opened from a device (the device is being retired); returns how many. */
  revokeAllForDevice(deviceId: string, now: number, reason: string): Promise<number>;
  purgeEnded(before: number): Promise<number>;
  /** Card sessions not revoked and not past their absolute expiry at `now`. */
  listOpenCard(now: number): Promise<OpenCardSession[]>;
}

export type AuditOutcome = 'success' | 'failure';

export interface AuditEvent {
  /** What happened, e.g. `card-login`, `device-enroll`, `logout`. */
  readonly event: string;
  readonly outcome: AuditOutcome;
  /** Why it failed (an error code) or a short note; never a secret. */
  readonly reason?: string | null;
  readonly staffId?: string | null;
  readonly deviceId?: string | null;
  readonly sourceAddress?: string | null;
  /** Small non-secret facts (certificate fingerprint, hostname...). */
  readonly details?: Readonly<Record<string, string | number | boolean | null>> | null;
  readonly at: number;
}

export interface AuditRecord extends Required<Omit<AuditEvent, 'details'>> {
  readonly id: number;
  readonly details: Readonly<Record<string, string | number | boolean | null>> | null;
}

export interface AuditQuery {
  readonly since?: number;
  readonly until?: number;
  readonly afterId?: number;
  readonly limit?: number;
}

export interface AuditRepository {
  /** Append-only: the store itself refuses updates and deletes. */
  append(event: AuditEvent): Promise<number>;
  list(query?: AuditQuery): Promise<AuditRecord[]>;
}
