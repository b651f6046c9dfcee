import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { kioskLoggerOptions } from '../../../src-main/core/logging/logger';
import { REDACTED, isSecretKey, redact, redactText } from '../../../src-main/core/logging/redact';

const SECRETS = {
  pin: '123456',
  password: 'Hunter2x!',
  newPassword: 'Qw3rtyZx',
  confirmPassword: 'Qw3rtyZx',
  token: 'tok-abcdef0123456789',
  sessionToken: 'sess-0123456789abcdef',
  authorization: 'Bearer sess-0123456789abcdef',
  dateOfBirth: '1980-02-29',
};

/** Logs through the kiosk's pino options into memory and returns the text written. */
function logToText(write: (logger: pino.Logger) => void): string {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  const logger = pino(kioskLoggerOptions('trace'), sink);
  write(logger);
  return text;
}

describe('redact', () => {
  it('replaces every secret key at any depth, in objects and arrays', () => {
    const input = { a: { b: { c: [{ d: { ...SECRETS } }] } }, ...SECRETS, safe: 'kept' };
    const out = JSON.stringify(redact(input));
    for (const secret of Object.values(SECRETS)) expect(out).not.toContain(secret);
    expect(out).toContain('"safe":"kept"');
    expect((redact(input) as { a: { b: { c: { d: Record<string, string> }[] } } }).a.b.c[0]!.d.pin).toBe(REDACTED);
  });

  it('matches keys whatever their case or separators', () => {
    for (const key of ['PIN', 'Authorization', 'new_password', 'date-of-birth', 'SESSION_TOKEN', 'enrollmentToken', 'privateKey']) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ['username', 'pinPad', 'triesLeft', 'deviceId', 'passwordChangedAt']) expect(isSecretKey(key), key).toBe(false);
  });

  it('masks bearer tokens inside text and errors, and survives cycles', () => {
    expect(redactText('sent Authorization: Bearer abc.DEF-123 to gateway')).toBe(`sent Authorization: Bearer ${REDACTED} to gateway`);
    const error = Object.assign(new Error('failed with Bearer abc123'), { token: 'tok-zzz', cause: { password: 'p@ss' } });
    const out = JSON.stringify(redact(error));
    expect(out).not.toMatch(/abc123|tok-zzz|p@ss/);
    const cyclic: Record<string, unknown> = { pin: '1234' };
    cyclic.self = cyclic;
    expect(redact(cyclic)).toEqual({ pin: REDACTED, self: '[circular]' });
  });
});

describe('the kiosk logger', () => {
  it('writes JSON lines with no secret, whether logged as fields, nested, errors or text', () => {
    const text = logToText((logger) => {
      logger.info({ request: { body: { ...SECRETS } }, headers: { Authorization: SECRETS.authorization } }, 'gateway call');
      logger.child({ session: { sessionToken: SECRETS.sessionToken } }).warn('child logger');
      logger.error({ err: Object.assign(new Error('boom'), { pin: SECRETS.pin }) }, 'card error');
      logger.info(`retrying with Bearer ${SECRETS.sessionToken}`);
    });
    for (const secret of Object.values(SECRETS)) expect(text, text.split('\n').find((l) => l.includes(secret))).not.toContain(secret);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ level: 'info', msg: 'gateway call', app: 'esr-kiosk' });
    expect(typeof lines[0]!.time).toBe('string');
  });
});
