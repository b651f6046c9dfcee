// The gateway's error shape, its log redaction, its config validation and its card-key rules.

import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { GATEWAY_ERROR_CODES } from '../../../src-main/shared/errors';
import { checkCardKey, verifyCardSignature } from '../../../server/src/card-login/card-signature';
import { ConfigError, parseConfig } from '../../../server/src/config';
import { ApiError, statusForCode, toApiError } from '../../../server/src/errors';
import { createLogger, maskUrl } from '../../../server/src/logging';

describe('gateway errors', () => {
  it('gives every shared error code an HTTP error status', () => {
    for (const code of GATEWAY_ERROR_CODES) {
      const status = statusForCode(code);
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
  });

  it('maps Fastify errors to stable codes and never leaks internals', () => {
    expect(toApiError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 }).code).toBe('BODY_TOO_LARGE');
    expect(toApiError({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 }).code).toBe('VALIDATION_FAILED');
    expect(toApiError({ validation: [{}], message: 'body/x must be string' }).message).toContain('body/x must be string');
    const internal = toApiError(new Error('SQLITE_CORRUPT at /var/lib/secret/path'));
    expect(internal.code).toBe('INTERNAL');
    expect(internal.statusCode).toBe(500);
    expect(JSON.stringify(internal.toBody())).not.toContain('SQLITE');
  });

  it('carries failed rules and retry-after in the body', () => {
    const e = new ApiError('PASSWORD_POLICY', 'no', { failedRules: ['min-length'] as never });
    expect(e.toBody()).toEqual({ error: { code: 'PASSWORD_POLICY', message: 'no', failedRules: ['min-length'] } });
    expect(new ApiError('RATE_LIMITED', undefined, { retryAfterSeconds: 5 }).toBody().error.retryAfterSeconds).toBe(5);
  });
});

describe('gateway logging', () => {
  function capture() {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    return { logger: createLogger({ level: 'trace', destination: stream }), lines };
  }

  it('redacts secret fields at any depth we log', () => {
    const { logger, lines } = capture();
    logger.info({
      password: 'Ward7Blue',
      body: { newPassword: 'N3wPass!x', pin: '123456', dateOfBirth: '1985-04-12', nested: { sessionToken: 'tok-abc', token: 'reset-xyz' } },
      headers: { authorization: 'Bearer tok-abc' },
      enrollmentToken: 'enr-123',
      staffId: 'kept-visible',
    }, 'event');
    const text = lines.join('');
    for (const secret of ['Ward7Blue', 'N3wPass!x', '123456', '1985-04-12', 'tok-abc', 'reset-xyz', 'enr-123']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('kept-visible');
    expect(text).toContain('[REDACTED]');
  });

  it('masks reset-link tokens and token query values in URLs', () => {
    expect(maskUrl('/reset/abcDEF123_-?x=1')).toBe('/reset/[REDACTED]?x=1');
    expect(maskUrl('/v1/thing?token=abc&b=2')).toBe('/v1/thing?token=[REDACTED]&b=2');
    expect(maskUrl('/v1/card-login')).toBe('/v1/card-login');
  });
});

describe('gateway config', () => {
  const minimal = {
    tls: { certFile: 'cert.pem', keyFile: 'key.pem' },
    databaseFile: 'db.sqlite',
    publicBaseUrl: 'https://gateway.example.nhs.uk',
    cardTrust: { anchorFiles: ['ca.pem'] },
  };

  it('fills documented defaults and resolves paths against the config folder', () => {
    const config = parseConfig(minimal, '/etc/esr-gateway');
    expect(config.tls.certFile).toBe('/etc/esr-gateway/cert.pem');
    expect(config.cardTrust.anchorFiles).toEqual(['/etc/esr-gateway/ca.pem']);
    expect(config.sessions).toEqual({ idleSeconds: 600, absoluteSeconds: 1800 });
    expect(config.challengeTtlSeconds).toBe(60);
    expect(config.cardTrust.staffMapping).toEqual({ from: 'subjectSerialNumber' });
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8443 });
  });

  it('names every bad setting', () => {
    let message = '';
    try {
      parseConfig({ ...minimal, publicBaseUrl: 'nope', sessions: { idleSeconds: -1 }, extra: 1 }, '/');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain('publicBaseUrl');
    expect(message).toContain('sessions.idleSeconds');
    expect(message).toContain('extra'); // a misspelt setting is an error, not ignored
  });
});

describe('card keys and signatures', () => {
  it('accepts RSA-2048 and P-256/P-384, refuses short RSA and other curves', () => {
    expect(checkCardKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey).ok).toBe(true);
    expect(checkCardKey(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey).ok).toBe(true);
    expect(checkCardKey(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey).ok).toBe(false);
    expect(checkCardKey(generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey).ok).toBe(false);
    expect(checkCardKey(generateKeyPairSync('ed25519').publicKey).ok).toBe(false);
  });

  it('verifies exactly the signed text', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const sig = sign('sha256', Buffer.from('ESR-KIOSK-CARD-LOGIN-V1\na\nb\nc'), privateKey);
    expect(await verifyCardSignature(publicKey, 'ESR-KIOSK-CARD-LOGIN-V1\na\nb\nc', sig)).toBe(true);
    expect(await verifyCardSignature(publicKey, 'ESR-KIOSK-CARD-LOGIN-V1\na\nb\nd', sig)).toBe(false);
    expect(await verifyCardSignature(publicKey, 'x', Buffer.from('garbage'))).toBe(false);
  });

  it('verifies RSA PKCS#1 v1.5 card signatures on the thread pool, refusing other text, PSS and garbage', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const text = 'ESR-KIOSK-CARD-LOGIN-V1\na\nb\nc';
    const sig = sign('sha256', Buffer.from(text), { key: privateKey, padding: constants.RSA_PKCS1_PADDING });
    expect(await verifyCardSignature(publicKey, text, sig)).toBe(true);
    expect(await verifyCardSignature(publicKey, `${text}d`, sig)).toBe(false);
    const pss = sign('sha256', Buffer.from(text), { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING });
    expect(await verifyCardSignature(publicKey, text, pss)).toBe(false);
    expect(await verifyCardSignature(publicKey, text, Buffer.alloc(0))).toBe(false);
  });
});
