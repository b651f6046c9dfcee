// One error shape for every answer the gateway gives: `{ error: { code, message } }` with a
// stable code from src-main/shared/errors.ts and a fitting HTTP status. Messages are for people
// and never repeat what the client sent (it may be a secret).

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayErrorCode } from '../../src-main/shared/errors';
import type { GatewayErrorBody } from '../../src-main/shared/gateway-api';
import type { PasswordRuleId } from '../../src-main/shared/password-rules';

const STATUS: Record<GatewayErrorCode, number> = {
  VALIDATION_FAILED: 400,
  BODY_TOO_LARGE: 413,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  DEVICE_NOT_ENROLLED: 403,
  DEVICE_SIGNATURE_INVALID: 401,
  DEVICE_CLOCK_SKEW: 401,
  DEVICE_NONCE_REPLAYED: 401,
  ENROLLMENT_TOKEN_INVALID: 403,
  CHALLENGE_UNKNOWN: 401,
  CHALLENGE_EXPIRED: 401,
  CHALLENGE_USED: 401,
  CHALLENGE_WRONG_DEVICE: 401,
  CARD_SIGNATURE_INVALID: 401,
  CERTIFICATE_INVALID: 401,
  CERTIFICATE_UNTRUSTED: 401,
  CERTIFICATE_EXPIRED: 401,
  CERTIFICATE_NOT_YET_VALID: 401,
  CERTIFICATE_REVOKED: 401,
  CERTIFICATE_KEY_USAGE: 401,
  STAFF_NOT_FOUND: 401,
  STAFF_INACTIVE: 403,
  SESSION_INVALID: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  PASSWORD_POLICY: 422,
  PASSWORD_REUSED: 422,
  RECOVERY_TOKEN_INVALID: 400,
};

const DEFAULT_MESSAGE: Partial<Record<GatewayErrorCode, string>> = {
  VALIDATION_FAILED: 'The request is not valid.',
  BODY_TOO_LARGE: 'The request body is too large.',
  NOT_FOUND: 'Not found.',
  RATE_LIMITED: 'Too many requests; try again later.',
  INTERNAL: 'The gateway could not complete the request.',
};

export function statusForCode(code: GatewayErrorCode): number {
  return STATUS[code];
}

export interface ApiErrorExtras {
  readonly failedRules?: readonly PasswordRuleId[];
  readonly retryAfterSeconds?: number;
}

/** A refusal the client is meant to see. Throw it from any route or hook. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly statusCode: number;

  constructor(
    readonly code: GatewayErrorCode,
    message?: string,
    readonly extras: ApiErrorExtras = {},
  ) {
    super(message ?? DEFAULT_MESSAGE[code] ?? code);
    this.statusCode = STATUS[code];
  }

  toBody(): GatewayErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.extras.failedRules === undefined ? {} : { failedRules: this.extras.failedRules }),
        ...(this.extras.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.extras.retryAfterSeconds }),
      },
    };
  }
}

/** Turns any error Fastify or a route raises into the one shape (never a stack, never input). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const fe = error as Partial<FastifyError> & { validation?: unknown };
  if (fe.validation !== undefined) {
    // Ajv's message names the field and the rule, never the value.
    return new ApiError('VALIDATION_FAILED', `The request is not valid: ${fe.message ?? ''}`.trim());
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError('BODY_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError('VALIDATION_FAILED', 'Send the body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError('VALIDATION_FAILED', 'The body is not valid JSON.');
    default:
      break;
  }
  const status = fe.statusCode;
  if (status === 404) return new ApiError('NOT_FOUND');
  if (status === 413) return new ApiError('BODY_TOO_LARGE');
  if (status === 429) return new ApiError('RATE_LIMITED');
  if (typeof status === 'number' && status >= 400 && status < 500) return new ApiError('VALIDATION_FAILED');
  return new ApiError('INTERNAL');
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toApiError(error);
    if (apiError.code === 'INTERNAL') {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ code: apiError.code }, 'request refused');
    }
    if (apiError.extras.retryAfterSeconds !== undefined) {
      void reply.header('retry-after', String(apiError.extras.retryAfterSeconds));
    }
    return reply.status(apiError.statusCode).send(apiError.toBody());
  });
  app.setNotFoundHandler((_request, reply) => {
    const apiError = new ApiError('NOT_FOUND');
    return reply.status(apiError.statusCode).send(apiError.toBody());
  });
}
