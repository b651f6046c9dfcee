// The gateway's configuration: one JSON file, validated in full at start so a bad setting stops
// the server with a message that names it. Relative paths are resolved against the file's folder.

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const RateLimitSchema = z.object({
  max: z.number().int().positive(),
  windowSeconds: z.number().int().positive(),
});

/**
 * Password policy options over DEFAULT_PASSWORD_POLICY (DESIGN.md section 6). The kiosks must be
 * given the same options (their `passwordPolicy` setting) so the live checklist agrees.
 */
export const PasswordPolicyConfigSchema = z
  .object({
    minLength: z.number().int().min(4).max(64),
    maxLength: z.number().int().min(8).max(256),
    forbidAnyRepeatedCharacter: z.boolean(),
    sequenceLength: z.number().int().min(3).max(10),
    bannedWords: z.array(z.string().min(3).max(64)).max(10_000),
  })
  .partial()
  .strict();

const RATE_LIMIT_DEFAULTS = {
  perAddress: { max: 300, windowSeconds: 60 },
  perDevice: { max: 120, windowSeconds: 60 },
  perAccount: { max: 30, windowSeconds: 60 },
  perEmailRecovery: { max: 10, windowSeconds: 900 },
  recoveryCompletePerAddress: { max: 20, windowSeconds: 900 },
} as const;

const RETENTION_DEFAULTS = {
  purgeIntervalSeconds: 60,
  sentMailDays: 30,
  failedMailDays: 90,
  recoveryTokenDays: 7,
  challengeHours: 24,
  sessionDays: 7,
  loginFailureHours: 24,
} as const;

/** How a card certificate names its staff member. */
export const StaffMappingSchema = z.discriminatedUnion('from', [
  // Subject serialNumber (OID 2.5.4.5) holds the staff UUID: the default.
  z.object({ from: z.literal('subjectSerialNumber') }),
  // A subjectAltName entry (e.g. `upn` or `email`) compared with the staff UUID, username or email.
  z.object({
    from: z.literal('san'),
    type: z.enum(['email', 'dns', 'url', 'upn', 'guid']),
    matches: z.enum(['uuid', 'username', 'email']).default('uuid'),
  }),
]);
export type StaffMapping = z.infer<typeof StaffMappingSchema>;

export const GatewayConfigSchema = z.strictObject({
  listen: z
    .object({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8443),
    })
    .default({ host: '127.0.0.1', port: 8443 }),
  tls: z.object({ certFile: z.string().min(1), keyFile: z.string().min(1) }),
  /** The SQLite file (storage kind `sqlite`, the default). */
  databaseFile: z.string().min(1).default('gateway.sqlite'),
  /**
   * Where the gateway keeps its data: `sqlite` (databaseFile; one process) or `postgres` (one
   * database shared by every gateway instance of a region; rate limits are then shared too).
   * Without `url`, libpq's PG* environment variables name the server.
   */
  storage: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('sqlite') }),
      z.strictObject({
        kind: z.literal('postgres'),
        url: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL').optional(),
        poolMax: z.number().int().min(1).max(200).default(10),
      }),
    ])
    .default({ kind: 'sqlite' }),
  /** Base of links in emails, e.g. https://gateway.trust.nhs.uk:8443 */
  publicBaseUrl: z.url(),
  cardTrust: z.object({
    /** PEM files of the CAs that issue staff cards (trust anchors). None: every card login fails. */
    anchorFiles: z.array(z.string().min(1)).default([]),
    /** PEM files of intermediate CAs the gateway may use to build a path. */
    intermediateFiles: z.array(z.string().min(1)).default([]),
    /** Optional CRL (PEM or DER) issued by a trust anchor or intermediate. */
    crlFile: z.string().min(1).optional(),
    staffMapping: StaffMappingSchema.default({ from: 'subjectSerialNumber' }),
  }),
  sessions: z
    .object({
      idleSeconds: z.number().int().positive().default(600),
      absoluteSeconds: z.number().int().positive().default(1800),
    })
    .default({ idleSeconds: 600, absoluteSeconds: 1800 }),
  challengeTtlSeconds: z.number().int().min(5).max(600).default(60),
  enrollmentTokenTtlHours: z.number().positive().max(24 * 30).default(24),
  bodyLimitBytes: z.number().int().min(1024).max(1024 * 1024).default(16 * 1024),
  rateLimits: z
    .object({
      perAddress: RateLimitSchema.default(RATE_LIMIT_DEFAULTS.perAddress),
      perDevice: RateLimitSchema.default(RATE_LIMIT_DEFAULTS.perDevice),
      perAccount: RateLimitSchema.default(RATE_LIMIT_DEFAULTS.perAccount),
      /** Recovery requests (username or password) naming one email address, from any kiosk. */
      perEmailRecovery: RateLimitSchema.default(RATE_LIMIT_DEFAULTS.perEmailRecovery),
      /** Reset-link completions from one source address (not device-signed: opened in any browser). */
      recoveryCompletePerAddress: RateLimitSchema.default(RATE_LIMIT_DEFAULTS.recoveryCompletePerAddress),
    })
    .default(RATE_LIMIT_DEFAULTS),
  passwordPolicy: PasswordPolicyConfigSchema.default({}),
  /**
   * How long finished rows are kept before the maintenance timer deletes them. Audit rows are
   * never deleted. A mail's body is cleared as soon as it is sent (or given up), whatever this says.
   */
  retention: z
    .strictObject({
      /** How often the maintenance timer runs (it also forgets replay nonces past the skew window). */
      purgeIntervalSeconds: z.number().int().min(1).max(3600).default(RETENTION_DEFAULTS.purgeIntervalSeconds),
      /** Sent outbox rows (address, subject, Message-ID; no body), counted from sending. */
      sentMailDays: z.number().positive().max(3650).default(RETENTION_DEFAULTS.sentMailDays),
      /** Outbox rows given up on, counted from giving up (longer: IT may need to see why). */
      failedMailDays: z.number().positive().max(3650).default(RETENTION_DEFAULTS.failedMailDays),
      /** Reset-link tokens, counted from use or expiry. */
      recoveryTokenDays: z.number().positive().max(3650).default(RETENTION_DEFAULTS.recoveryTokenDays),
      /** Card-login challenges, counted from expiry. */
      challengeHours: z.number().positive().max(24 * 365).default(RETENTION_DEFAULTS.challengeHours),
      /** Sessions, counted from their absolute expiry. */
      sessionDays: z.number().positive().max(3650).default(RETENTION_DEFAULTS.sessionDays),
      /**
       * Password-login failures, counted from the failure. At least 1 hour, so the 15-minute
       * lockout window always sees every failure in it.
       */
      loginFailureHours: z.number().min(1).max(24 * 3650).default(RETENTION_DEFAULTS.loginFailureHours),
    })
    .default(RETENTION_DEFAULTS),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** SMTP and sender settings: owned by the mail/outbox part (gateway-accounts). */
  mail: z.record(z.string(), z.unknown()).default({}),
});

/** A setting read from its old place; the gateway logs a warning for each at start. */
export interface ConfigDeprecation {
  readonly setting: string;
  readonly useInstead: string;
}

export type GatewayConfig = z.infer<typeof GatewayConfigSchema> & {
  /** Old settings found in the file (logged as warnings by buildApp). */
  readonly deprecations?: readonly ConfigDeprecation[];
};
export type GatewayConfigInput = z.input<typeof GatewayConfigSchema>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Moves settings from where older gateways read them to where they live now, so existing config
 * files keep working: `mail.passwordPolicy` → `passwordPolicy`. Both at once is refused (which
 * one was meant is not knowable).
 */
function liftDeprecated(raw: unknown): { raw: unknown; deprecations: ConfigDeprecation[] } {
  if (!isRecord(raw) || !isRecord(raw.mail) || !Object.hasOwn(raw.mail, 'passwordPolicy')) return { raw, deprecations: [] };
  if (Object.hasOwn(raw, 'passwordPolicy')) {
    throw new ConfigError(
      'gateway config is invalid:\n✖ both passwordPolicy and the deprecated mail.passwordPolicy are set: keep only passwordPolicy\n  → at mail.passwordPolicy',
    );
  }
  const { passwordPolicy, ...mail } = raw.mail;
  return {
    raw: { ...raw, mail, passwordPolicy },
    deprecations: [{ setting: 'mail.passwordPolicy', useInstead: 'passwordPolicy' }],
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Validates a parsed config object; relative file paths are resolved against `baseDir`. */
export function parseConfig(input: unknown, baseDir: string): GatewayConfig {
  const { raw, deprecations } = liftDeprecated(input);
  const result = GatewayConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(`gateway config is invalid:\n${z.prettifyError(result.error)}`);
  }
  const config = result.data;
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(baseDir, p));
  return {
    ...config,
    tls: { certFile: abs(config.tls.certFile), keyFile: abs(config.tls.keyFile) },
    databaseFile: config.databaseFile === ':memory:' ? config.databaseFile : abs(config.databaseFile),
    cardTrust: {
      ...config.cardTrust,
      anchorFiles: config.cardTrust.anchorFiles.map(abs),
      intermediateFiles: config.cardTrust.intermediateFiles.map(abs),
      crlFile: config.cardTrust.crlFile === undefined ? undefined : abs(config.cardTrust.crlFile),
    },
    ...(deprecations.length === 0 ? {} : { deprecations }),
  };
}

export function loadConfigFile(file: string): GatewayConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read gateway config ${file}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`gateway config ${file} is not JSON: ${(error as Error).message}`);
  }
  return parseConfig(raw, dirname(resolve(file)));
}
