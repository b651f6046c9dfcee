// POST /v1/card-login/challenge → { challengeId, nonce, expiresAt }. Device-signed.

import type { FastifyPluginAsync } from 'fastify';
import { ROUTES, type ChallengeResponse } from '../../../src-main/shared/gateway-api';
import { issueChallenge } from '../card-login/card-login-service';
import { ApiError } from '../errors';
import { perDeviceLimit } from '../rate-limits';

export const challengeRoutes: FastifyPluginAsync = (app) => {
  app.post<{ Reply: ChallengeResponse }>(
    ROUTES.challenge,
    { config: { deviceAuth: true }, preHandler: perDeviceLimit(app) },
    async (request) => {
      if (request.device === null) throw new ApiError('DEVICE_NOT_ENROLLED');
      return issueChallenge(app.gateway, request.device, request.ip);
    },
  );
  return Promise.resolve();
};
