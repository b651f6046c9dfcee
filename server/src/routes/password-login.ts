// POST /v1/password-login { username, password } → { sessionToken, person, expiresAt }
// (device-signed): sign-in for staff without a card.

import type { FastifyPluginAsync } from 'fastify';
import { ROUTES, type LoginResponse, type PasswordLoginRequest } from '../../../src-main/shared/gateway-api';
import { ApiError } from '../errors';
import type { AccountsRouteOptions } from '../internet-access/accounts-plugin';
import { perAccountLimit, perDeviceLimit } from '../rate-limits';

const bodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'password'],
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64 },
    password: { type: 'string', minLength: 1, maxLength: 256 },
  },
} as const;

export const passwordLoginRoutes: FastifyPluginAsync<AccountsRouteOptions> = (app, { accounts }) => {
  app.post<{ Body: PasswordLoginRequest; Reply: LoginResponse }>(
    ROUTES.passwordLogin,
    {
      schema: { body: bodySchema },
      config: { deviceAuth: true },
      preHandler: [perDeviceLimit(app), perAccountLimit(app, (request) => `username:${(request.body as PasswordLoginRequest).username.trim()}`)],
    },
    async (request) => {
      const device = request.device;
      if (device === null) throw new ApiError('DEVICE_NOT_ENROLLED');
      const origin = { deviceId: device.id, sourceAddress: request.ip };
      const staff = await accounts.login.verify(request.body.username.trim(), request.body.password, origin);
      const now = app.gateway.clock.now();
      const issued = await accounts.storage.transaction(async (repos) => {
        await repos.loginFailures.clear(staff.id);
        await repos.staff.setLoginState(staff.id, { failedLoginCount: 0, lockedAt: null }, now);
        const session = await app.gateway.sessions.issue(repos, { staffId: staff.id, deviceId: device.id, method: 'password', certificate: null });
        await app.gateway.audit.record({ event: 'password-login', outcome: 'success', staffId: staff.id, ...origin, details: { sessionId: session.sessionId } }, repos);
        return session;
      });
      return {
        sessionToken: issued.token,
        person: { displayName: staff.displayName, username: staff.username },
        expiresAt: new Date(issued.expiresAt).toISOString(),
      };
    },
  );
  return Promise.resolve();
};
