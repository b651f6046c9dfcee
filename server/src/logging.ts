// Structured logs (pino) that can never carry a secret: known secret fields are redacted at any
// depth we log, request URLs have reset-link tokens masked, and headers are not logged at all.

import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** Field names whose values are secrets (RULES: no PIN, password, token or date of birth). */
export const SECRET_FIELDS = [
  'pin',
  'password',
  'newPassword',
  'currentPassword',
  'token',
  'sessionToken',
  'enrollmentToken',
  'authorization',
  'dateOfBirth',
  'date_of_birth',
  'cookie',
] as const;

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const field of SECRET_FIELDS) {
    paths.push(field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`);
  }
  paths.push('req.headers.authorization', 'req.headers["x-device-signature"]');
  return paths;
}

/** `/reset/<token>` and any `token=` query value become `[REDACTED]`. */
export function maskUrl(url: string): string {
  return url
    .replace(/(\/reset\/)[^/?#]+/giu, '$1[REDACTED]')
    .replace(/([?&](?:token|code|key)=)[^&#]*/giu, '$1[REDACTED]');
}

export interface LoggingOptions {
  readonly level: LoggerOptions['level'];
  /** Where lines go; stdout by default. Tests pass a stream they read. */
  readonly destination?: DestinationStream;
}

export function createLogger(options: LoggingOptions): Logger {
  const loggerOptions: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: 'esr-gateway' },
    redact: { paths: redactPaths(), censor: '[REDACTED]' },
    serializers: {
      req(request: { method?: string; url?: string; ip?: string; id?: string }) {
        return {
          id: request.id,
          method: request.method,
          url: maskUrl(request.url ?? ''),
          remoteAddress: request.ip,
        };
      },
      err: pino.stdSerializers.err,
    },
  };
  return options.destination === undefined ? pino(loggerOptions) : pino(loggerOptions, options.destination);
}
