// POST /v1/logout: ends the session behind the bearer token (device-signed; 204).

import type { FastifyPluginAsync } from 'fastify';
import { ROUTES } from '../../../src-main/shared/gateway-api';
import { perAccountLimit, perDeviceLimit } from '../rate-limits';
import { requireSession } from '../sessions/session-auth';

export const logoutRoutes: FastifyPluginAsync = (app) => {
  app.post(ROUTES.logout, {
      config: { deviceAuth: true, sessionAuth: true },
      preHandler: [perDeviceLimit(app), perAccountLimit(app, (request) => request.staffSession?.staffId ?? request.ip)],
    }, async (request, reply) => {
    const session = requireSession(request);
    await app.gateway.storage.transaction(async (repos) => {
      await repos.sessions.revoke(session.id, app.gateway.clock.now(), 'logout');
      await app.gateway.audit.recordFor(
        request,
        { event: 'logout', outcome: 'success', staffId: session.staffId, details: { sessionId: session.id } },
        repos,
      );
    });
    return reply.status(204).send();
  });
  return Promise.resolve();
};
