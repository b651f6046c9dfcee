// Secrets never reach a log (DESIGN.md section 8, DEVELOPERS.md): values under a secret-looking
// key are replaced at any depth, whatever the case or separator (`newPassword`, `new_password`,
// `Authorization`), and a bearer token written into a text is masked too. pino's own `redact`
// takes fixed paths (one wildcard level), which cannot promise "at any depth".

export const REDACTED = '[redacted]';

/** Keys (normalised: lower case, letters and digits only) whose values are secret. */
export const SECRET_KEYS: ReadonlySet<string> = new Set(
  [
    'pin',
    'password',
    'newPassword',
    'confirmPassword',
    'currentPassword',
    'token',
    'sessionToken',
    'enrollmentToken',
    'recoveryToken',
    'authorization',
    'cookie',
    'dateOfBirth',
    'privateKey',
    'secret',
  ].map(normaliseKey),
);

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEYS.has(normaliseKey(key));
}

const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi;

export function redactText(text: string): string {
  return text.replace(BEARER, `$1 ${REDACTED}`);
}

const MAX_DEPTH = 12;

/** A copy of `value` with every secret replaced; cycles and very deep values are cut off. */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
    if (value instanceof Error) {
      const out: Record<string, unknown> = { type: value.name, message: redactText(value.message) };
      if (value.stack !== undefined) out.stack = redactText(value.stack);
      for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) ? REDACTED : redact(v, depth + 1, seen);
      if (value.cause !== undefined) out.cause = redact(value.cause, depth + 1, seen);
      return out;
    }
    if (value instanceof Date) return value.toISOString();
    if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
    if (value instanceof Map) return redact(Object.fromEntries(value), depth, seen);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isSecretKey(k) ? REDACTED : redact(v, depth + 1, seen);
    return out;
  } finally {
    seen.delete(value);
  }
}
