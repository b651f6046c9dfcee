// Rate limits (@fastify/rate-limit): every request per source address (global, on arrival);
// routes add per-device and per-account limits as preHandler hooks, keyed on identities the
// gateway has already verified (a forged header cannot spend someone else's allowance).

import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { GatewayConfig } from './config';
import { ApiError } from './errors';

function tooMany(_request: FastifyRequest, context: { ttl: number }): ApiError {
  return new ApiError('RATE_LIMITED', undefined, { retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) });
}

export async function registerRateLimits(app: FastifyInstance, config: GatewayConfig): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimits.perAddress.max,
    timeWindow: config.rateLimits.perAddress.windowSeconds * 1000,
    keyGenerator: (request) => `addr:${request.ip}`,
    errorResponseBuilder: tooMany,
  });
}

/** Per enrolled device; use after device authentication. */
export function perDeviceLimit(app: FastifyInstance): preHandlerAsyncHookHandler {
  const { max, windowSeconds } = app.gateway.config.rateLimits.perDevice;
  return app.rateLimit({
    max,
    timeWindow: windowSeconds * 1000,
    groupId: 'device',
    keyGenerator: (request) => `device:${request.device?.id ?? request.ip}`,
    errorResponseBuilder: tooMany,
  });
}

/** Per account: `accountKey` names the account (staff id from the session, a username...). */
export function perAccountLimit(
  app: FastifyInstance,
  accountKey: (request: FastifyRequest) => string,
  limits: { max: number; windowSeconds: number } = app.gateway.config.rateLimits.perAccount,
): preHandlerAsyncHookHandler {
  return app.rateLimit({
    max: limits.max,
    timeWindow: limits.windowSeconds * 1000,
    groupId: 'account',
    keyGenerator: (request) => `account:${accountKey(request)}`,
    errorResponseBuilder: tooMany,
  });
}
