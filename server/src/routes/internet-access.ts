// GET /v1/me/internet-access → { username, passwordChangedAt, status }
// POST /v1/me/internet-access/password { newPassword } → 204, or 422 naming every failed rule.
// Both need a device signature and the session that device holds.

import type { FastifyPluginAsync } from 'fastify';
import { ROUTES, type InternetAccessResponse, type SetPasswordRequest } from '../../../src-main/shared/gateway-api';
import { ApiError } from '../errors';
import type { AccountsRouteOptions } from '../internet-access/accounts-plugin';
import { internetAccessFor } from '../internet-access/internet-access-service';
import { perAccountLimit, perDeviceLimit } from '../rate-limits';
import { requireSession } from '../sessions/session-auth';

const setPasswordSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['newPassword'],
  properties: { newPassword: { type: 'string', minLength: 1, maxLength: 256 } },
} as const;

export const internetAccessRoutes: FastifyPluginAsync<AccountsRouteOptions> = (app, { accounts }) => {
  const perStaff = perAccountLimit(app, (request) => `staff:${request.staffSession?.staffId ?? request.ip}`);

  app.get<{ Reply: InternetAccessResponse }>(
    ROUTES.internetAccess,
    { config: { deviceAuth: true, sessionAuth: true }, preHandler: perDeviceLimit(app) },
    async (request) => internetAccessFor(accounts.storage, requireSession(request).staffId),
  );

  app.post<{ Body: SetPasswordRequest }>(
    ROUTES.internetAccessPassword,
    { schema: { body: setPasswordSchema }, config: { deviceAuth: true, sessionAuth: true }, preHandler: [perDeviceLimit(app), perStaff] },
    async (request, reply) => {
      const session = requireSession(request);
      const staff = await accounts.storage.staff.findById(session.staffId);
      if (staff?.status !== 'active') throw new ApiError('SESSION_INVALID', 'Sign in again.');
      await accounts.passwords.setPassword({
        staff,
        newPassword: request.body.newPassword,
        via: 'kiosk',
        origin: { deviceId: session.deviceId, sourceAddress: request.ip },
        keepSessionId: session.id,
      });
      return reply.status(204).send();
    },
  );
  return Promise.resolve();
};
