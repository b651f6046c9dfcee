// Rate limits (@fastify/rate-limit): every request per source address (global, on arrival);
// routes add per-device and per-account limits as preHandler hooks, keyed on identities the
// gateway has already verified (a forged header cannot spend someone else's allowance).
// The plugin's route hooks run only one limiter per request, so the extra limits use its
// `createRateLimit` counters directly and all of them apply.

import rateLimit, { type FastifyRateLimitStore, type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { GatewayConfig } from './config';
import { ApiError } from './errors';
import type { SharedCounters } from './storage/storage';

/**
 * A @fastify/rate-limit store over counters every gateway instance shares (PostgreSQL), so the
 * limits hold across a region rather than per process. Used by the global limiter and by every
 * `createRateLimit` counter below (the plugin hands them the same store).
 */
function sharedCounterStore(counters: SharedCounters): FastifyRateLimitStoreCtor {
  class SharedCounterStore implements FastifyRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = '',
    ) {}
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      counters.increment(this.prefix + key, timeWindow).then(
        (r) => callback(null, { current: r.current, ttl: r.ttlMs }),
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }
    /** A route's own limit (`config.rateLimit`) counts apart from the global one, as the plugin's stores do. */
    child(routeOptions: object): FastifyRateLimitStore {
      // The plugin passes its merged params with the route under `routeInfo` (as RedisStore reads it).
      const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo ?? {};
      return new SharedCounterStore(undefined, `${this.prefix}${String(route.method)}${String(route.url)}-`);
    }
  }
  return SharedCounterStore;
}

function tooMany(ttlMs: number): ApiError {
  return new ApiError('RATE_LIMITED', undefined, { retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) });
}

export async function registerRateLimits(app: FastifyInstance, config: GatewayConfig): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimits.perAddress.max,
    timeWindow: config.rateLimits.perAddress.windowSeconds * 1000,
    keyGenerator: (request) => `addr:${request.ip}`,
    errorResponseBuilder: (_request, context) => tooMany(context.ttl),
    ...(app.gateway.storage.sharedCounters === undefined ? {} : { store: sharedCounterStore(app.gateway.storage.sharedCounters) }),
  });
}

function limiter(
  app: FastifyInstance,
  limits: { max: number; windowSeconds: number },
  key: (request: FastifyRequest) => string,
): preHandlerAsyncHookHandler {
  const check = app.createRateLimit({ max: limits.max, timeWindow: limits.windowSeconds * 1000, keyGenerator: key });
  return async (request) => {
    const result = await check(request);
    // `isAllowed` means "on the allow list"; `isExceeded` is the verdict.
    if (!result.isAllowed && result.isExceeded) {
      request.log.warn({ limit: key(request).split(':')[0] }, 'rate limited');
      throw tooMany(result.ttl);
    }
  };
}

/** Per enrolled device; use after device authentication. */
export function perDeviceLimit(app: FastifyInstance): preHandlerAsyncHookHandler {
  return limiter(app, app.gateway.config.rateLimits.perDevice, (request) => `device:${request.device?.id ?? request.ip}`);
}

/** Per account: `accountKey` names the account (staff id from the session, a username...). */
export function perAccountLimit(
  app: FastifyInstance,
  accountKey: (request: FastifyRequest) => string,
  limits: { max: number; windowSeconds: number } = app.gateway.config.rateLimits.perAccount,
): preHandlerAsyncHookHandler {
  return limiter(app, limits, (request) => `account:${accountKey(request)}`);
}
