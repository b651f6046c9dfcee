// POST /v1/card-login { challengeId, certificate, signature } → { sessionToken, person, expiresAt }.

import type { FastifyPluginAsync } from 'fastify';
import { ROUTES, type CardLoginRequest, type LoginResponse } from '../../../src-main/shared/gateway-api';
import { completeCardLogin } from '../card-login/card-login-service';
import { ApiError } from '../errors';
import { perDeviceLimit } from '../rate-limits';

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
  app.post<{ Body: CardLoginRequest; Reply: LoginResponse }>(
    ROUTES.cardLogin,
    { schema: { body: bodySchema }, config: { deviceAuth: true }, preHandler: perDeviceLimit(app) },
    async (request) => {
      if (request.device === null) throw new ApiError('DEVICE_NOT_ENROLLED');
      return completeCardLogin(app.gateway, request.device, request.body, request.ip);
    },
  );
  return Promise.resolve();
};
