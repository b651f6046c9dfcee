// Every gateway failure the kiosk sees, as one typed value keyed on a KioskErrorCode (STYLE.md
// 7): transport failures get GATEWAY_* codes, the gateway's own answers keep their code.
// Messages carry the route and status, never a body field, token or password.

import type { KioskErrorCode } from '../../shared/errors';
import type { PasswordRuleId } from '../../shared/password-rules';

export class GatewayError extends Error {
  readonly code: KioskErrorCode;
  /** HTTP status when the gateway answered. */
  readonly status: number | null;
  readonly failedRules: readonly PasswordRuleId[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: KioskErrorCode,
    message: string,
    details: {
      status?: number | null;
      failedRules?: readonly PasswordRuleId[];
      retryAfterSeconds?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'GatewayError';
    this.code = code;
    this.status = details.status ?? null;
    this.failedRules = details.failedRules;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** Node's TLS verification failures (OpenSSL X509_V_ERR names and Node's own ERR_TLS_*). */
const TLS_ERROR_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_REVOKED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_TLS_HANDSHAKE_TIMEOUT',
  'EPROTO',
]);

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

/** Map a Node socket/TLS error to a transport code (by its `code`, never its text). */
export function transportErrorCode(error: unknown): KioskErrorCode {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (TLS_ERROR_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return 'GATEWAY_TLS';
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') return 'GATEWAY_TIMEOUT';
  if (UNREACHABLE_CODES.has(code)) return 'GATEWAY_UNREACHABLE';
  return 'GATEWAY_UNREACHABLE';
}
