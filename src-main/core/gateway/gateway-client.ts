// The kiosk's client for the identity gateway (DESIGN.md section 4): one method per route, every
// request device-signed, every answer schema-checked, every failure a GatewayError with a code.
// Only idempotent calls are retried after a quick failure (bounded, with backoff, each try
// freshly signed; never after a timeout, which already cost the whole wait); a card
// login, password login, password change or recovery email is never sent twice by us.
// The session token is a parameter: the session holder in main keeps it, nothing else.

import { z } from 'zod';
import { isGatewayErrorCode } from '../../shared/errors';
import {
  ROUTES,
  type CardLoginRequest,
  type ChallengeResponse,
  type EnrollRequest,
  type EnrollResponse,
  type InternetAccessResponse,
  type LoginResponse,
  type PasswordLoginRequest,
  type RecoveryRequest,
} from '../../shared/gateway-api';
import { PASSWORD_RULE_IDS } from '../../shared/password-rules';
import type { DeviceIdentity } from '../device/request-signer';
import { GatewayError } from './gateway-error';
import { HttpsTransport, type HttpsTransportOptions, type RawResponse } from './https-transport';

export interface GatewayClientOptions extends HttpsTransportOptions {
  /** The enrolled device's identity, or null before enrollment. Read at each request. */
  readonly identity: () => DeviceIdentity | null;
  /** Extra tries for idempotent calls after a refused/reset connection or 502/503/504. Default 2. */
  readonly retries?: number;
  /** First backoff; doubles each try. Default 250 ms. */
  readonly retryDelayMs?: number;
}

export interface GatewayClient {
  health(): Promise<void>;
  challenge(): Promise<ChallengeResponse>;
  cardLogin(request: CardLoginRequest): Promise<LoginResponse>;
  passwordLogin(request: PasswordLoginRequest): Promise<LoginResponse>;
  internetAccess(token: string): Promise<InternetAccessResponse>;
  setInternetPassword(token: string, newPassword: string): Promise<void>;
  logout(token: string): Promise<void>;
  recoverUsername(request: RecoveryRequest): Promise<void>;
  recoverPassword(request: RecoveryRequest): Promise<void>;
  /** Unsigned (the device has no identity yet); the enrollment token is the credential. */
  enroll(request: EnrollRequest): Promise<EnrollResponse>;
  close(): void;
}

const challengeSchema = z.object({ challengeId: z.string().min(1), nonce: z.string().min(1), expiresAt: z.string() });
const loginSchema = z.object({
  sessionToken: z.string().min(16),
  person: z.object({ displayName: z.string(), username: z.string() }),
  expiresAt: z.string(),
});
const internetAccessSchema = z.object({
  username: z.string(),
  passwordChangedAt: z.string().nullable(),
  status: z.enum(['active', 'no-password', 'locked', 'disabled']),
});
const enrollSchema = z.object({ deviceId: z.string().min(1) });
const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().optional(),
    failedRules: z.array(z.enum(PASSWORD_RULE_IDS)).optional(),
    retryAfterSeconds: z.number().nonnegative().optional(),
  }),
});

const RETRYABLE_STATUS = new Set([502, 503, 504]);

interface CallSpec<T> {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly bearer?: string;
  readonly idempotent: boolean;
  readonly signed?: boolean;
  /** Expected success status and how to read its body. */
  readonly ok: readonly number[];
  readonly parse: (body: unknown) => T;
}

export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const transport = new HttpsTransport(options);
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 250;

  async function call<T>(spec: CallSpec<T>): Promise<T> {
    const label = `${spec.method} ${spec.path}`;
    for (let attempt = 0; ; attempt++) {
      try {
        const identity = spec.signed === false ? null : options.identity();
        if (spec.signed !== false && identity === null) {
          throw new GatewayError('DEVICE_NOT_ENROLLED', `${label}: this computer is not enrolled`);
        }
        const response = await transport.send({
          method: spec.method,
          path: spec.path,
          body: spec.body,
          bearer: spec.bearer,
          identity,
        });
        return interpret(spec, label, response);
      } catch (error) {
        if (!(error instanceof GatewayError)) throw error;
        // A timeout has already used the whole wait the person sees; only quick failures
        // (refused, reset, a 502/503/504 from a proxy) are worth another try.
        const transient = error.code === 'GATEWAY_UNREACHABLE' || (error.status !== null && RETRYABLE_STATUS.has(error.status));
        if (!spec.idempotent || !transient || attempt >= retries) throw error;
        await new Promise((r) => setTimeout(r, retryDelayMs * 2 ** attempt));
      }
    }
  }

  const none = (): undefined => undefined;

  return {
    health: () => call({ method: 'GET', path: ROUTES.health, idempotent: true, signed: false, ok: [200, 204], parse: none }),
    // A fresh challenge is harmless to ask for twice: an unused one just expires.
    challenge: () =>
      call({ method: 'POST', path: ROUTES.challenge, body: {}, idempotent: true, ok: [200, 201], parse: (b) => challengeSchema.parse(b) }),
    cardLogin: (request) =>
      call({ method: 'POST', path: ROUTES.cardLogin, body: request, idempotent: false, ok: [200], parse: (b) => loginSchema.parse(b) }),
    passwordLogin: (request) =>
      call({ method: 'POST', path: ROUTES.passwordLogin, body: request, idempotent: false, ok: [200], parse: (b) => loginSchema.parse(b) }),
    internetAccess: (token) =>
      call({
        method: 'GET',
        path: ROUTES.internetAccess,
        bearer: token,
        idempotent: true,
        ok: [200],
        parse: (b) => internetAccessSchema.parse(b),
      }),
    setInternetPassword: (token, newPassword) =>
      call({
        method: 'POST',
        path: ROUTES.internetAccessPassword,
        body: { newPassword },
        bearer: token,
        idempotent: false,
        ok: [200, 204],
        parse: none,
      }),
    // Revoking twice is the same as once.
    logout: (token) =>
      call({ method: 'POST', path: ROUTES.logout, body: {}, bearer: token, idempotent: true, ok: [200, 204], parse: none }),
    recoverUsername: (request) =>
      call({ method: 'POST', path: ROUTES.recoveryUsername, body: request, idempotent: false, ok: [202], parse: none }),
    recoverPassword: (request) =>
      call({ method: 'POST', path: ROUTES.recoveryPassword, body: request, idempotent: false, ok: [202], parse: none }),
    enroll: (request) =>
      call({
        method: 'POST',
        path: ROUTES.enroll,
        body: request,
        idempotent: false,
        signed: false,
        ok: [200, 201],
        parse: (b) => enrollSchema.parse(b),
      }),
    close: () => transport.close(),
  };
}

function interpret<T>(spec: CallSpec<T>, label: string, response: RawResponse): T {
  const { status } = response;
  if (spec.ok.includes(status)) {
    if (response.body.length === 0) return spec.parse(undefined);
    let json: unknown;
    try {
      json = JSON.parse(response.body.toString('utf8'));
    } catch (cause) {
      throw new GatewayError('GATEWAY_PROTOCOL', `${label}: ${status} with a body that is not JSON`, { status, cause });
    }
    try {
      return spec.parse(json);
    } catch (cause) {
      throw new GatewayError('GATEWAY_PROTOCOL', `${label}: ${status} with an unexpected body`, { status, cause });
    }
  }
  let parsed: z.infer<typeof errorSchema> | null = null;
  try {
    const result = errorSchema.safeParse(JSON.parse(response.body.toString('utf8')));
    parsed = result.success ? result.data : null;
  } catch {
    parsed = null;
  }
  if (parsed !== null && isGatewayErrorCode(parsed.error.code)) {
    const details: { status: number; failedRules?: typeof parsed.error.failedRules; retryAfterSeconds?: number } = { status };
    if (parsed.error.failedRules) details.failedRules = parsed.error.failedRules;
    const retryAfter = parsed.error.retryAfterSeconds ?? retryAfterHeader(response);
    if (retryAfter !== undefined) details.retryAfterSeconds = retryAfter;
    throw new GatewayError(parsed.error.code, `${label}: ${status} ${parsed.error.code}`, details);
  }
  if (RETRYABLE_STATUS.has(status)) {
    throw new GatewayError('GATEWAY_UNREACHABLE', `${label}: ${status} from a proxy or an unavailable gateway`, { status });
  }
  throw new GatewayError('GATEWAY_PROTOCOL', `${label}: unexpected status ${status}`, { status });
}

function retryAfterHeader(response: RawResponse): number | undefined {
  const value = response.headers['retry-after'];
  const seconds = typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}
