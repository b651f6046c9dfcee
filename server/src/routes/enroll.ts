// POST /v1/devices/enroll { enrollmentToken, publicKey, hostname } → { deviceId }.
// Not device-signed (the device has no identity yet): the one-time token is the credential.

import type { FastifyPluginAsync } from 'fastify';
import { ROUTES, type EnrollRequest, type EnrollResponse } from '../../../src-main/shared/gateway-api';
import { enrollDevice } from '../device/enrollment';

const bodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['enrollmentToken', 'publicKey', 'hostname'],
  properties: {
    enrollmentToken: { type: 'string', minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' },
    publicKey: { type: 'string', minLength: 16, maxLength: 512, pattern: '^[A-Za-z0-9_-]+$' },
    hostname: { type: 'string', minLength: 1, maxLength: 253, pattern: '^[A-Za-z0-9._-]+$' },
  },
} as const;

export const enrollRoutes: FastifyPluginAsync = (app) => {
  app.post<{ Body: EnrollRequest; Reply: EnrollResponse }>(
    ROUTES.enroll,
    {
      schema: { body: bodySchema },
      // Guessing tokens is pointless (256 bits) but cheap to make pricier still.
      config: { rateLimit: { max: 10, timeWindow: 60_000 } },
    },
    async (request) =>
      enrollDevice(app.gateway.storage, app.gateway.audit, {
        ...request.body,
        sourceAddress: request.ip,
        now: app.gateway.clock.now(),
      }),
  );
  return Promise.resolve();
};
