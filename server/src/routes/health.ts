// GET /v1/health: liveness and storage readiness, for IT's monitoring. Unauthenticated; says
// nothing about staff or devices.

import type { FastifyPluginAsync } from 'fastify';
import { ROUTES } from '../../../src-main/shared/gateway-api';

export const healthRoutes: FastifyPluginAsync = (app) => {
  app.get(ROUTES.health, async () => {
    const schemaVersion = await app.gateway.storage.schemaVersion();
    return { status: 'ok', schemaVersion, time: new Date(app.gateway.clock.now()).toISOString() };
  });
  return Promise.resolve();
};
