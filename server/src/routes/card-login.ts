// POST /v1/card-login { challengeId, certificate, signature } → { sessionToken, person, expiresAt }.

import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ROUTES, type CardLoginRequest, type LoginResponse } from '../../../src-main/shared/gateway-api';
import { completeCardLogin } from '../card-login/card-login-service';
import { ApiError } from '../errors';
import { perAccountLimit, perDeviceLimit } from '../rate-limits';

const base64url = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength, pattern: '^[A-Za-z0-9_-]+$' }) as const;

const bodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['challengeId', 'certificate', 'signature'],
  properties: {
    challengeId: { type: 'string', minLength: 36, maxLength: 36, pattern: '^[0-9a-f-]{36}$' },
    // A PIV Authentication certificate is a few KiB of DER.
    certificate: base64url(8192),
    signature: base64url(1024),
  },
} as const;

export const cardLoginRoutes: FastifyPluginAsync = (app) => {
  // The account is known only once the certificate has been checked, so its limit is applied
  // from inside the login (per staff member, whichever kiosk they use).
  const attemptedAccount = new WeakMap<FastifyRequest, string>();
  const accountLimit = perAccountLimit(app, (request) => attemptedAccount.get(request) ?? `addr:${request.ip}`);
  app.post<{ Body: CardLoginRequest; Reply: LoginResponse }>(
    ROUTES.cardLogin,
    { schema: { body: bodySchema }, config: { deviceAuth: true }, preHandler: perDeviceLimit(app) },
    async (request, reply) => {
      if (request.device === null) throw new ApiError('DEVICE_NOT_ENROLLED');
      return completeCardLogin(app.gateway, request.device, request.body, request.ip, {
        beforeSession: async (staffId) => {
          attemptedAccount.set(request, staffId);
          await accountLimit.call(app, request, reply);
        },
      });
    },
  );
  return Promise.resolve();
};
