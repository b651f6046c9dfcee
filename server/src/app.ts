// The gateway application: Fastify over HTTPS with one error shape, schema-validated and
// size-limited JSON bodies (raw bytes kept for the device signature), device and session
// authentication as route flags, rate limits, pino logs with secrets redacted, and the routes.
//
// Extension point: route plugins receive nothing but the Fastify instance; everything shared
// is on `app.gateway` (config, storage, clock, audit, sessions, mailer). Mark a route
// `config: { deviceAuth: true }` to require an enrolled device, `{ deviceAuth: true,
// sessionAuth: true }` to also require a session; read them from `request.device` and
// `requireSession(request)`.

import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyPluginAsync, type FastifyRequest } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import { AuditWriter } from './audit/writer';
import type { CardTrust } from './card-login/trust';
import { isRevoked, RevocationWatcher } from './card-login/revoked-sessions';
import { CardTrustSource, loadCardTrust } from './card-login/trust';
import type { GatewayConfig } from './config';
import { DeviceRequestVerifier, type AuthenticatedDevice } from './device/request-verifier';
import { ApiError, installErrorHandlers } from './errors';
import { createLogger } from './logging';
import { RetentionTimer } from './maintenance/retention';
import { registerRateLimits } from './rate-limits';
import { cardLoginRoutes } from './routes/card-login';
import { challengeRoutes } from './routes/challenge';
import { enrollRoutes } from './routes/enroll';
import { healthRoutes } from './routes/health';
import { accountsRoutes } from './internet-access/accounts-plugin';
import { logoutRoutes } from './routes/logout';
import { authenticateSession } from './sessions/session-auth';
import { SessionService, type AuthenticatedSession } from './sessions/session-service';
import type { Storage } from './storage/storage';

export interface Clock {
  /** Unix milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** One outgoing email. The mail part (gateway-accounts) owns templates, outbox and SMTP. */
export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
}

/** How mail leaves the gateway (SMTP through nodemailer in production, a catcher in tests). */
export interface MailHook {
  send(mail: OutgoingMail): Promise<void>;
}

export interface GatewayDeps {
  readonly config: GatewayConfig;
  /** Closed when the app closes. */
  readonly storage: Storage;
  readonly clock?: Clock;
  readonly mailer?: MailHook;
  /** Where log lines go (stdout by default); tests capture them. */
  readonly logDestination?: DestinationStream;
  /** TLS key and certificate; read from config.tls files when absent. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /** Card trust anchors; loaded from config.cardTrust files when absent. */
  readonly cardTrust?: CardTrust;
  /** More route plugins (tests, or parts not yet listed below). */
  readonly plugins?: readonly FastifyPluginAsync[];
}

export interface GatewayContext {
  readonly config: GatewayConfig;
  readonly storage: Storage;
  readonly clock: Clock;
  readonly audit: AuditWriter;
  readonly sessions: SessionService;
  readonly cardTrust: CardTrust;
  readonly mailer: MailHook | null;
  readonly logger: Logger;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Require a request signed by an enrolled device (DESIGN.md section 5). */
    deviceAuth?: boolean;
    /** Require `Authorization: Bearer <session token>` issued to that device. */
    sessionAuth?: boolean;
  }
  interface FastifyRequest {
    /** The raw JSON body bytes as received (the device signature covers them). */
    rawBody: Buffer | null;
    device: AuthenticatedDevice | null;
    staffSession: AuthenticatedSession | null;
  }
  interface FastifyInstance {
    gateway: GatewayContext;
  }
}

/** Route plugins of the gateway, in registration order. */
const ROUTE_PLUGINS: readonly FastifyPluginAsync[] = [
  healthRoutes,
  enrollRoutes,
  challengeRoutes,
  cardLoginRoutes,
  logoutRoutes,
  accountsRoutes, // password login, /v1/me/*, recovery, /reset/<token> (gateway-accounts)
];

export async function buildApp(deps: GatewayDeps): Promise<FastifyInstance> {
  const { config, storage } = deps;
  const clock = deps.clock ?? systemClock;
  const now = (): number => clock.now();
  const logger = createLogger({ level: config.logLevel, destination: deps.logDestination });
  for (const old of config.deprecations ?? []) {
    logger.warn({ setting: old.setting, useInstead: old.useInstead }, `config setting ${old.setting} is deprecated: use ${old.useInstead}`);
  }
  const tls = deps.tls ?? { key: readFileSync(config.tls.keyFile), cert: readFileSync(config.tls.certFile) };

  const app = Fastify({
    loggerInstance: logger,
    https: { key: tls.key, cert: tls.cert, minVersion: 'TLSv1.2' },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    requestTimeout: 30_000,
    // Reject what the schema does not name instead of silently dropping or coercing it.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: false } },
  }) as unknown as FastifyInstance;

  const audit = new AuditWriter(storage, now);
  // Ends open sessions of cards a newly loaded CRL revokes (both closures run only after start).
  const revocation: RevocationWatcher = new RevocationWatcher({
    storage,
    audit,
    trust: () => trustSource.current(),
    now,
    logger: logger.child({ part: 'card-revocation' }),
  });
  // Trust given directly (tests) is fixed; trust from files follows the files.
  const trustSource = new CardTrustSource(
    deps.cardTrust === undefined ? config.cardTrust : null,
    deps.cardTrust ?? loadCardTrust(config.cardTrust),
    now,
    (error, trust) => {
      if (error === null) {
        logger.info('card trust anchors / CRL reloaded');
        revocation.sweep(trust); // end the open sessions of cards the new CRL revokes
      } else {
        logger.error({ err: error }, 'card trust files changed but could not be loaded; keeping the previous ones');
      }
    },
  );
  const gateway: GatewayContext = {
    config,
    storage,
    clock,
    audit,
    sessions: new SessionService(config.sessions, now, (issuer, serial) => isRevoked(trustSource.current(), issuer, serial)),
    get cardTrust() {
      return trustSource.current();
    },
    mailer: deps.mailer ?? null,
    logger,
  };
  app.decorate('gateway', gateway);
  app.decorateRequest('rawBody', null);
  app.decorateRequest('device', null);
  app.decorateRequest('staffSession', null);

  installErrorHandlers(app);

  // JSON only; keep the exact bytes for the device signature, parse with Fastify's
  // prototype-poisoning-safe parser.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const raw = body as Buffer;
    request.rawBody = raw;
    if (raw.length === 0) {
      done(new ApiError('VALIDATION_FAILED', 'The body is empty.'), undefined);
      return;
    }
    void parseJson(request, raw.toString('utf8'), (error, value) => {
      if (error !== null) done(new ApiError('VALIDATION_FAILED', 'The body is not valid JSON.'), undefined);
      else done(null, value);
    });
  });

  const verifier = new DeviceRequestVerifier(storage, audit, now);
  // A session is only good from its own device, so sessionAuth implies deviceAuth.
  const needsDevice = (request: FastifyRequest): boolean =>
    request.routeOptions.config.deviceAuth === true || request.routeOptions.config.sessionAuth === true;
  app.addHook('onRequest', async (request) => {
    if (needsDevice(request)) await verifier.checkHeaders(request);
  });
  app.addHook('preValidation', async (request) => {
    const routeConfig = request.routeOptions.config;
    if (needsDevice(request)) request.device = await verifier.checkSignature(request);
    if (routeConfig.sessionAuth === true) {
      request.staffSession = await authenticateSession(request, storage, gateway.sessions, audit);
    }
  });

  // Graceful close: answers still in flight finish, and their keep-alive connections end with
  // them (Connection: close, and idle sockets swept) so a kiosk's pooled socket cannot hold the
  // shutdown open until the keep-alive timeout. Added before the route plugins, which inherit
  // only the hooks that exist when they load.
  let closing = false;
  let sweeper: NodeJS.Timeout | undefined;
  app.addHook('preClose', (done) => {
    closing = true;
    sweeper = setInterval(() => app.server.closeIdleConnections(), 50);
    sweeper.unref();
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) void reply.header('connection', 'close');
    done(null, payload);
  });

  await registerRateLimits(app, config);
  for (const plugin of [...ROUTE_PLUGINS, ...(deps.plugins ?? [])]) await app.register(plugin);

  // Retention (old nonces, challenges, sessions, reset tokens, login failures, sent mail).
  const retention = new RetentionTimer({ storage, settings: config.retention, now, logger: logger.child({ part: 'retention' }) });
  app.addHook('onReady', (done) => {
    retention.start();
    revocation.start();
    done();
  });
  app.addHook('onClose', async () => {
    await retention.stop();
    await revocation.stop();
    clearInterval(sweeper);
    await storage.close();
  });
  return app;
}

/** Listens, and closes gracefully (in-flight requests finish) on SIGINT/SIGTERM. */
export async function listenWithGracefulShutdown(app: FastifyInstance, host: string, port: number): Promise<string> {
  const address = await app.listen({ host, port });
  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return address;
}
