// The gateway config's settings added or moved in session 2: the password policy's own key (and
// the deprecated mail.passwordPolicy still read), the recovery limits, the Message-ID domain,
// retention periods.

import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../../server/src/config';
import { parseMailConfig } from '../../../server/src/mail/mail-config';

const minimal = {
  tls: { certFile: 'cert.pem', keyFile: 'key.pem' },
  publicBaseUrl: 'https://gateway.example.nhs.uk',
  cardTrust: {},
};

function configError(raw: unknown): string {
  try {
    parseConfig(raw, '/etc/esr-gateway');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('passwordPolicy', () => {
  it('defaults to no options over the shared defaults, with no deprecations', () => {
    const config = parseConfig(minimal, '/');
    expect(config.passwordPolicy).toEqual({});
    expect(config.deprecations).toBeUndefined();
  });

  it('reads the top-level key', () => {
    const config = parseConfig({ ...minimal, passwordPolicy: { minLength: 10, bannedWords: ['lister'] } }, '/');
    expect(config.passwordPolicy).toEqual({ minLength: 10, bannedWords: ['lister'] });
    expect(config.deprecations).toBeUndefined();
  });

  it('moves the deprecated mail.passwordPolicy to passwordPolicy and records the deprecation', () => {
    const config = parseConfig({ ...minimal, mail: { from: 'ESR <a@b.test>', passwordPolicy: { forbidAnyRepeatedCharacter: true } } }, '/');
    expect(config.passwordPolicy).toEqual({ forbidAnyRepeatedCharacter: true });
    expect(config.mail).toEqual({ from: 'ESR <a@b.test>' });
    expect(config.deprecations).toEqual([{ setting: 'mail.passwordPolicy', useInstead: 'passwordPolicy' }]);
    // The mail section that is left is valid on its own (strict schema).
    expect(parseMailConfig(config.mail).from).toBe('ESR <a@b.test>');
  });

  it('still validates the policy given at the old place, naming the setting', () => {
    expect(configError({ ...minimal, mail: { passwordPolicy: { minLength: 2 } } })).toContain('passwordPolicy.minLength');
    expect(configError({ ...minimal, passwordPolicy: { minLenght: 10 } })).toContain('minLenght');
  });

  it('refuses both places at once', () => {
    const message = configError({ ...minimal, passwordPolicy: { minLength: 10 }, mail: { passwordPolicy: { minLength: 12 } } });
    expect(message).toContain('mail.passwordPolicy');
  });

  it('is no longer part of the mail section itself', () => {
    expect(() => parseMailConfig({ passwordPolicy: {} })).toThrow(ConfigError);
  });
});

describe('recovery rate limits', () => {
  it('default to 10 per email and 20 completions per address in 15 minutes', () => {
    const config = parseConfig(minimal, '/');
    expect(config.rateLimits.perEmailRecovery).toEqual({ max: 10, windowSeconds: 900 });
    expect(config.rateLimits.recoveryCompletePerAddress).toEqual({ max: 20, windowSeconds: 900 });
    expect(config.rateLimits.perAccount).toEqual({ max: 30, windowSeconds: 60 });
  });

  it('are settings, and each is validated', () => {
    const config = parseConfig({ ...minimal, rateLimits: { perEmailRecovery: { max: 3, windowSeconds: 3600 } } }, '/');
    expect(config.rateLimits.perEmailRecovery).toEqual({ max: 3, windowSeconds: 3600 });
    expect(config.rateLimits.perDevice).toEqual({ max: 120, windowSeconds: 60 });
    expect(configError({ ...minimal, rateLimits: { perEmailRecovery: { max: 0, windowSeconds: 60 } } })).toContain('rateLimits.perEmailRecovery.max');
  });
});

describe('mail.messageIdDomain', () => {
  it('defaults to esr-gateway.invalid and takes a domain name', () => {
    expect(parseMailConfig({}).messageIdDomain).toBe('esr-gateway.invalid');
    expect(parseMailConfig({ messageIdDomain: 'gateway.trust.nhs.uk' }).messageIdDomain).toBe('gateway.trust.nhs.uk');
  });

  it('refuses what would break the Message-ID header', () => {
    for (const bad of ['bad domain', 'a>b', 'x@y', '', '.lead', 'trail-.nhs.uk']) {
      expect(() => parseMailConfig({ messageIdDomain: bad }), bad).toThrow(/messageIdDomain/u);
    }
  });
});

describe('retention', () => {
  it('has documented defaults', () => {
    expect(parseConfig(minimal, '/').retention).toEqual({
      purgeIntervalSeconds: 60,
      sentMailDays: 30,
      failedMailDays: 90,
      recoveryTokenDays: 7,
      challengeHours: 24,
      sessionDays: 7,
      loginFailureHours: 24,
    });
  });

  it('takes partial settings and refuses a login-failure period shorter than the lockout needs', () => {
    const config = parseConfig({ ...minimal, retention: { sentMailDays: 2, purgeIntervalSeconds: 300 } }, '/');
    expect(config.retention).toMatchObject({ sentMailDays: 2, purgeIntervalSeconds: 300, failedMailDays: 90 });
    expect(configError({ ...minimal, retention: { loginFailureHours: 0.1 } })).toContain('retention.loginFailureHours');
    expect(configError({ ...minimal, retention: { auditDays: 30 } })).toContain('auditDays'); // audit is never purged
  });
});
