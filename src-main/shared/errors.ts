// Error codes are the only thing that crosses a border to say what went wrong: the UI maps
// them to words (in English or Welsh), the gateway answers with them, tests assert on them.
// Never match on message text. Names are stable: add new ones, never rename.

/** Codes the gateway answers with, in `{ error: { code, message } }`. */
export const GATEWAY_ERROR_CODES = [
  'VALIDATION_FAILED',
  'BODY_TOO_LARGE',
  'NOT_FOUND',
  'RATE_LIMITED',
  'INTERNAL',
  // device trust (DESIGN.md section 5)
  'DEVICE_NOT_ENROLLED',
  'DEVICE_SIGNATURE_INVALID',
  'DEVICE_CLOCK_SKEW',
  'DEVICE_NONCE_REPLAYED',
  'ENROLLMENT_TOKEN_INVALID',
  // card login (DESIGN.md section 4, 1-3)
  'CHALLENGE_UNKNOWN',
  'CHALLENGE_EXPIRED',
  'CHALLENGE_USED',
  'CHALLENGE_WRONG_DEVICE',
  'CARD_SIGNATURE_INVALID',
  'CERTIFICATE_INVALID',
  'CERTIFICATE_UNTRUSTED',
  'CERTIFICATE_EXPIRED',
  'CERTIFICATE_NOT_YET_VALID',
  'CERTIFICATE_REVOKED',
  'CERTIFICATE_KEY_USAGE',
  'STAFF_NOT_FOUND',
  'STAFF_INACTIVE',
  // sessions and passwords
  'SESSION_INVALID',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'PASSWORD_POLICY',
  'PASSWORD_REUSED',
  'RECOVERY_TOKEN_INVALID',
] as const;
export type GatewayErrorCode = (typeof GATEWAY_ERROR_CODES)[number];

/** Codes main hands the renderer in a failed IPC result. */
export const KIOSK_ERROR_CODES = [
  ...GATEWAY_ERROR_CODES,
  // card and reader
  'PIN_FORMAT',
  'PIN_INCORRECT',
  'PIN_BLOCKED',
  'CARD_REMOVED',
  'CARD_NOT_PIV',
  'CARD_ERROR',
  'READER_ERROR',
  'PCSC_UNAVAILABLE',
  // gateway transport
  'GATEWAY_UNREACHABLE',
  'GATEWAY_TIMEOUT',
  'GATEWAY_TLS',
  'GATEWAY_PROTOCOL',
  // kiosk itself
  'PASSWORDS_DO_NOT_MATCH',
  'NOT_ALLOWED_NOW',
  'INVALID_REQUEST',
  'CONFIG_INVALID',
] as const;
export type KioskErrorCode = (typeof KIOSK_ERROR_CODES)[number];

export function isGatewayErrorCode(value: unknown): value is GatewayErrorCode {
  return typeof value === 'string' && (GATEWAY_ERROR_CODES as readonly string[]).includes(value);
}

export function isKioskErrorCode(value: unknown): value is KioskErrorCode {
  return typeof value === 'string' && (KIOSK_ERROR_CODES as readonly string[]).includes(value);
}
