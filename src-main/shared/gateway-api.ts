// The gateway API of DESIGN.md section 4, as types both ends compile against, and the exact
// byte strings that the card and the device key sign (sections 4.2 and 5). Pure: no Node.
// Binary values travel as base64url without padding.

import type { GatewayErrorCode } from './errors';
import type { PasswordRuleId } from './password-rules';

export const API_PREFIX = '/v1';

export const ROUTES = {
  challenge: '/v1/card-login/challenge',
  cardLogin: '/v1/card-login',
  passwordLogin: '/v1/password-login',
  internetAccess: '/v1/me/internet-access',
  internetAccessPassword: '/v1/me/internet-access/password',
  logout: '/v1/logout',
  recoveryUsername: '/v1/recovery/username',
  recoveryPassword: '/v1/recovery/password',
  recoveryPasswordComplete: '/v1/recovery/password/complete',
  enroll: '/v1/devices/enroll',
  health: '/v1/health',
} as const;

export interface GatewayErrorBody {
  readonly error: {
    readonly code: GatewayErrorCode;
    readonly message: string;
    /** PASSWORD_POLICY: every rule that failed. */
    readonly failedRules?: readonly PasswordRuleId[];
    /** RATE_LIMITED / ACCOUNT_LOCKED: when to try again. */
    readonly retryAfterSeconds?: number;
  };
}

export interface ChallengeResponse {
  readonly challengeId: string;
  /** 32 random bytes, base64url. */
  readonly nonce: string;
  /** ISO 8601. */
  readonly expiresAt: string;
}

export interface CardLoginRequest {
  readonly challengeId: string;
  /** DER X.509 of the PIV Authentication certificate, base64url. */
  readonly certificate: string;
  /** RSA PKCS#1 v1.5 signature, or DER ECDSA signature, base64url. */
  readonly signature: string;
}

export interface Person {
  readonly displayName: string;
  /** ESR username, e.g. `234…`. */
  readonly username: string;
}

export interface LoginResponse {
  readonly sessionToken: string;
  readonly person: Person;
  /** ISO 8601: idle expiry at the time of issue. */
  readonly expiresAt: string;
}

export interface PasswordLoginRequest {
  readonly username: string;
  readonly password: string;
}

export type InternetAccessStatus = 'active' | 'no-password' | 'locked' | 'disabled';

export interface InternetAccessResponse {
  readonly username: string;
  /** ISO 8601, or null when no internet password was ever set. */
  readonly passwordChangedAt: string | null;
  readonly status: InternetAccessStatus;
}

export interface SetPasswordRequest {
  readonly newPassword: string;
}

export interface RecoveryRequest {
  readonly email: string;
  /** YYYY-MM-DD. */
  readonly dateOfBirth: string;
}

/** The one body every recovery request gets, match or not (no account enumeration). */
export interface RecoveryAcceptedResponse {
  readonly status: 'accepted';
}

export interface RecoveryCompleteRequest {
  readonly token: string;
  readonly newPassword: string;
}

export interface EnrollRequest {
  readonly enrollmentToken: string;
  /** SPKI DER of the device's P-256 public key, base64url. */
  readonly publicKey: string;
  readonly hostname: string;
}

export interface EnrollResponse {
  readonly deviceId: string;
}

/** Device-signature headers (DESIGN.md section 5), lower-case as Node sees them. */
export const DEVICE_HEADERS = {
  id: 'x-device-id',
  timestamp: 'x-device-timestamp',
  nonce: 'x-device-nonce',
  signature: 'x-device-signature',
} as const;

/** Largest clock difference the gateway accepts between device and gateway. */
export const DEVICE_MAX_SKEW_MS = 5 * 60 * 1000;

export interface DeviceSigningInput {
  /** HTTP method; upper-cased here. */
  readonly method: string;
  /** Path with its query string, exactly as sent (e.g. `/v1/me/internet-access`). */
  readonly pathWithQuery: string;
  /** Unix milliseconds, as a decimal string in the header. */
  readonly timestamp: string;
  /** 16+ random bytes, base64url. */
  readonly nonce: string;
  /** base64url SHA-256 of the raw body bytes (of the empty string when there is no body). */
  readonly bodySha256: string;
}

/** The UTF-8 text the device key signs with ECDSA P-256 / SHA-256 (DESIGN.md section 5). */
export function deviceSigningString(input: DeviceSigningInput): string {
  return [
    'ESR-KIOSK-DEVICE-V1',
    input.method.toUpperCase(),
    input.pathWithQuery,
    input.timestamp,
    input.nonce,
    input.bodySha256,
  ].join('\n');
}

/** The UTF-8 text whose SHA-256 the card signs (DESIGN.md section 4.2). */
export function cardLoginSigningString(challengeId: string, nonce: string, deviceId: string): string {
  return ['ESR-KIOSK-CARD-LOGIN-V1', challengeId, nonce, deviceId].join('\n');
}

/** ESR usernames as issued: digits starting 234 (kept loose on length: trusts differ). */
export const ESR_USERNAME_PATTERN = /^234\d{5,12}$/;
