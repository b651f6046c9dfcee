import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  IPC_REQUEST_SCHEMAS,
  isIpcRequestChannel,
  isPlausibleDateOfBirth,
  parseIpcRequest,
} from '../../../src-main/shared/ipc-schemas';
import { INPUT_LIMITS, IPC_REQUEST_CHANNELS, KIOSK_API_METHODS } from '../../../src-main/shared/ipc-contract';

const NULL_CHANNELS = [
  'kiosk:get-info', 'session:get-state', 'card:cancel', 'session:sign-out', 'session:activity',
  'internet-access:open', 'internet-access:start-reset', 'internet-access:back', 'gateway:retry',
] as const;

describe('IPC_REQUEST_SCHEMAS', () => {
  it('has exactly one schema per request channel', () => {
    expect(Object.keys(IPC_REQUEST_SCHEMAS).sort()).toEqual([...IPC_REQUEST_CHANNELS].sort());
    expect(Object.values(KIOSK_API_METHODS).every((c) => isIpcRequestChannel(c))).toBe(true);
  });

  it('refuses channels that are not in the contract, including inherited property names', () => {
    for (const channel of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 1, null, undefined, {}]) {
      expect(isIpcRequestChannel(channel)).toBe(false);
      expect(parseIpcRequest(channel, null)).toEqual({ ok: false });
    }
  });

  it.each(NULL_CHANNELS)('%s takes exactly null', (channel) => {
    expect(parseIpcRequest(channel, null)).toEqual({ ok: true, channel, request: null });
    for (const bad of [undefined, {}, [], 0, '', false]) expect(parseIpcRequest(channel, bad).ok).toBe(false);
  });
});

describe('card:verify-pin', () => {
  const ok = (pin: unknown) => parseIpcRequest('card:verify-pin', { pin }).ok;
  it('accepts 4 to 8 digits', () => {
    expect(['1234', '12345678', '000000'].map(ok)).toEqual([true, true, true]);
  });
  it('refuses 3 or 9 digits, non-digits, non-ASCII digits and non-strings', () => {
    expect(['123', '123456789', '12a4', ' 1234', '1234\n', '١٢٣٤', '', 1234, null].map(ok)).toEqual(
      Array(9).fill(false),
    );
  });
  it('refuses extra keys and a missing pin', () => {
    expect(parseIpcRequest('card:verify-pin', { pin: '1234', extra: 1 }).ok).toBe(false);
    expect(parseIpcRequest('card:verify-pin', {}).ok).toBe(false);
    expect(parseIpcRequest('card:verify-pin', '1234').ok).toBe(false);
  });
  it('returns no copy of the input on failure', () => {
    expect(JSON.stringify(parseIpcRequest('card:verify-pin', { pin: '98765432x' }))).not.toContain('98765432');
  });
});

describe('internet-access:submit-password and password-login:submit', () => {
  it('accepts passwords up to the transport limit and refuses empty or longer ones', () => {
    const at = 'x'.repeat(INPUT_LIMITS.passwordMax);
    expect(parseIpcRequest('internet-access:submit-password', { newPassword: at, confirmPassword: at }).ok).toBe(true);
    expect(parseIpcRequest('internet-access:submit-password', { newPassword: `${at}x`, confirmPassword: 'a' }).ok).toBe(false);
    expect(parseIpcRequest('internet-access:submit-password', { newPassword: '', confirmPassword: '' }).ok).toBe(false);
    expect(parseIpcRequest('internet-access:submit-password', { newPassword: 'a' }).ok).toBe(false);
  });

  it('leaves the policy to the policy: a weak password passes the schema', () => {
    expect(parseIpcRequest('internet-access:submit-password', { newPassword: 'aa', confirmPassword: 'bb' }).ok).toBe(true);
  });

  it('accepts an ESR username and refuses blank, spaced, over-long or control characters', () => {
    const ok = (username: unknown) => parseIpcRequest('password-login:submit', { username, password: 'pw' }).ok;
    expect(ok('234123456')).toBe(true);
    expect(ok('x'.repeat(INPUT_LIMITS.usernameMax))).toBe(true);
    expect([' ', '', '234 123', '234\u0000', 'é234', 'x'.repeat(INPUT_LIMITS.usernameMax + 1), 5].map(ok)).toEqual(
      Array(7).fill(false),
    );
  });
});

describe('recovery requests', () => {
  const ok = (email: unknown, dateOfBirth: unknown) =>
    parseIpcRequest('recovery:username', { email, dateOfBirth }).ok &&
    parseIpcRequest('recovery:password', { email, dateOfBirth }).ok;

  it('accept an email address and a real date of birth', () => {
    expect(ok('jane.smith@nhs.net', '1980-02-29')).toBe(true);
  });

  it('refuse malformed email addresses and over-long ones', () => {
    for (const email of ['', 'jane', 'jane@', '@nhs.net', 'jane smith@nhs.net', `${'a'.repeat(250)}@nhs.net`, 7]) {
      expect(ok(email, '1980-01-01')).toBe(false);
    }
  });

  it('refuse dates that do not exist or are not YYYY-MM-DD', () => {
    for (const date of ['1981-02-29', '1980-13-01', '1980-00-10', '1980-04-31', '80-01-01', '1980-1-1', '01/02/1980', '1980-01-01T00:00:00Z', '']) {
      expect(ok('jane@nhs.net', date)).toBe(false);
    }
  });

  it('refuse extra keys', () => {
    expect(parseIpcRequest('recovery:username', { email: 'a@b.nhs.uk', dateOfBirth: '1980-01-01', x: 1 }).ok).toBe(false);
  });
});

describe('isPlausibleDateOfBirth', () => {
  const today = new Date(Date.UTC(2026, 10, 25, 23, 30));
  it('accepts 1900-01-01 up to today, and refuses earlier or future dates', () => {
    expect(isPlausibleDateOfBirth('1900-01-01', today)).toBe(true);
    expect(isPlausibleDateOfBirth('1899-12-31', today)).toBe(false);
    expect(isPlausibleDateOfBirth('2026-11-25', today)).toBe(true);
    expect(isPlausibleDateOfBirth('2026-11-26', today)).toBe(false);
  });

  it('agrees with the calendar for every day of 1999-2001', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1999, max: 2001 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 0, max: 32 }), (y, m, d) => {
        const text = `${String(y)}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        const daysInMonth = m >= 1 && m <= 12 ? new Date(Date.UTC(y, m, 0)).getUTCDate() : 0;
        expect(isPlausibleDateOfBirth(text, today)).toBe(d >= 1 && d <= daysInMonth);
      }),
      { numRuns: 300 },
    );
  });
});

describe('kiosk:set-language', () => {
  it('accepts en and cy only', () => {
    expect(parseIpcRequest('kiosk:set-language', { language: 'cy' }).ok).toBe(true);
    expect(parseIpcRequest('kiosk:set-language', { language: 'fr' }).ok).toBe(false);
  });
});
