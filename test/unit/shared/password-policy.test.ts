import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applicablePasswordRules, evaluatePassword, longestSequence } from '../../../src-main/shared/password-policy';
import { COMMON_PASSWORDS } from '../../../src-main/shared/common-passwords';
import {
  DEFAULT_PASSWORD_POLICY,
  PASSWORD_RULE_IDS,
  type PasswordPolicyOptions,
  type PasswordRuleId,
} from '../../../src-main/shared/password-rules';

// A password that meets every default rule; each test below breaks exactly one rule of it.
const GOOD = 'Tulip7Harbour';

function failed(password: string, context = {}, options: PasswordPolicyOptions = DEFAULT_PASSWORD_POLICY) {
  return evaluatePassword(password, context, options).failed;
}

function withOptions(changes: Partial<PasswordPolicyOptions>): PasswordPolicyOptions {
  return { ...DEFAULT_PASSWORD_POLICY, ...changes };
}

describe('evaluatePassword: the baseline', () => {
  it('accepts a password that meets every default rule', () => {
    const result = evaluatePassword(GOOD, { username: '234123456' });
    expect(result.ok).toBe(true);
    expect(result.failed).toEqual([]);
    expect(result.results.every((r) => r.passed)).toBe(true);
  });

  it('lists every default rule once, in checklist order, without not-recent or no-repeated-character', () => {
    const ids = evaluatePassword(GOOD).results.map((r) => r.id);
    expect(ids).toEqual(PASSWORD_RULE_IDS.filter((id) => id !== 'not-recent' && id !== 'no-repeated-character'));
    expect(ids).toEqual(applicablePasswordRules());
  });

  it('uses the default policy and an empty context when none are given', () => {
    expect(evaluatePassword('abc')).toEqual(evaluatePassword('abc', {}, DEFAULT_PASSWORD_POLICY));
  });
});

describe('evaluatePassword: each rule alone', () => {
  const cases: [string, string, PasswordRuleId][] = [
    ['7 characters', 'Tulip7H', 'min-length'],
    ['65 characters', 'Tulip7Harbour'.repeat(5), 'max-length'],
    ['a non-ASCII letter', 'Tulip7Härbour', 'printable-ascii'],
    ['a control character', 'Tulip7\tHarbour', 'printable-ascii'],
    ['no letter', '5928-1730', 'has-letter'],
    ['no digit', 'TulipHarbour', 'has-digit'],
    ['aa', 'Tulip7Haarbour', 'no-immediate-repeat'],
    ['11', 'Tulip711Harbour', 'no-immediate-repeat'],
    ['abcd', 'Tulip7abcdH', 'no-sequence'],
    ['DCBA', 'Tulip7DCBAH', 'no-sequence'],
    ['4321', 'Tulip4321H', 'no-sequence'],
    ['a common password', 'Trustno1', 'not-common'],
  ];
  it.each(cases)('%s fails only %s', (_name, password, rule) => {
    expect(failed(password)).toEqual([rule]);
  });

  it('65 characters really is 65 long', () => {
    expect('Tulip7Harbour'.repeat(5)).toHaveLength(65);
  });

  it('fails not-username when the username is inside the password, in any case', () => {
    expect(failed('Xy7234910385q', { username: '234910385' })).toEqual(['not-username']);
    expect(failed('Tulip7Harbour', { username: 'HARBOUR' })).toEqual(['not-username']);
    expect(failed('Tulip7Harbour', { username: 'someone' })).toEqual([]);
    expect(failed('Tulip7Harbour', { username: '' })).toEqual([]);
  });

  it('fails not-banned-word for a configured word, in any case, and ignores blank words', () => {
    const options = withOptions({ bannedWords: ['  ', 'nhs', 'TULIP'] });
    expect(failed('Tulip7Harbour', {}, options)).toEqual(['not-banned-word']);
    expect(failed('Xnhs7Harbour', {}, options)).toEqual(['not-banned-word']);
    expect(failed('Rose7Harbour', {}, options)).toEqual([]);
  });

  it('matches a common password case-insensitively', () => {
    expect(failed('TRUSTNO1')).toEqual(['not-common']);
    expect(failed('tRuStNo1')).toEqual(['not-common']);
  });
});

describe('evaluatePassword: boundaries', () => {
  it('7 fails and 8 passes the minimum; 64 passes and 65 fails the maximum', () => {
    const make = (n: number) => `Tulip7Harbour${'qwertyuiopzxcvbnm'.repeat(4)}`.slice(0, n);
    expect(failed(make(7))).toContain('min-length');
    expect(failed(make(8))).toEqual([]);
    expect(failed(make(64))).toEqual([]);
    expect(failed(make(65))).toEqual(['max-length']);
  });

  it('counts a character outside the BMP once', () => {
    const result = evaluatePassword('Tulip7H😀');
    expect(result.failed).toEqual(['printable-ascii']);
  });

  it('honours the configured lengths', () => {
    expect(failed('Tulip7Harbour', {}, withOptions({ minLength: 14 }))).toEqual(['min-length']);
    expect(failed('Tulip7Harbour', {}, withOptions({ maxLength: 12 }))).toEqual(['max-length']);
  });

  it('accepts a run of three and refuses a run of four, or of the configured length', () => {
    expect(failed('Tulip7abcH')).toEqual([]);
    expect(failed('Tulip321H')).toEqual([]);
    expect(failed('Tulip7abcH', {}, withOptions({ sequenceLength: 3 }))).toEqual(['no-sequence']);
    expect(failed('Tulip7abcdH', {}, withOptions({ sequenceLength: 5 }))).toEqual([]);
  });

  it('space is printable ASCII; DEL and non-ASCII are not', () => {
    expect(failed('Tulip 7 Harbour')).toEqual([]);
    expect(failed('Tulip7\u007fHarbour')).toEqual(['printable-ascii']);
    expect(failed('Tülip7Harbour')).toEqual(['printable-ascii']);
  });
});

describe('longestSequence', () => {
  it.each([
    ['abcd', 4], ['DCBA', 4], ['aBcD', 4], ['4321', 4], ['1234', 4], ['xyz', 3],
    ['abcba', 3], ['9abc', 3], ['89ab', 2], ['8901', 2], ['yzab', 2], ['a!b', 1], ['!?', 0], ['', 0],
  ])('%s → %i', (password, expected) => {
    expect(longestSequence(password)).toBe(expected);
  });
});

describe('the no-repeated-character option', () => {
  const strict = withOptions({ forbidAnyRepeatedCharacter: true });

  it('is not applied by default', () => {
    expect(evaluatePassword('Tulip7Harbour').results.map((r) => r.id)).not.toContain('no-repeated-character');
  });

  it('refuses any character used twice, even apart, when set', () => {
    const result = evaluatePassword('Tulip7Harbour', {}, strict);
    expect(result.results.map((r) => r.id)).toContain('no-repeated-character');
    expect(result.failed).toEqual(['no-repeated-character']);
    expect(failed('Tulip7Hard', {}, strict)).toEqual([]);
  });

  it('treats upper and lower case as different characters', () => {
    expect(failed('Tulip7tHard', {}, strict)).toEqual([]);
  });
});

describe('the shipped common-password list', () => {
  it('is lower-case and holds only entries that every other default rule would let through', () => {
    expect(COMMON_PASSWORDS.length).toBeGreaterThan(1000);
    for (const entry of COMMON_PASSWORDS) {
      expect(entry).toBe(entry.toLowerCase());
      expect(evaluatePassword(entry).failed.filter((id) => id !== 'not-common' && id !== 'no-immediate-repeat')).toEqual([]);
    }
  });

  it('includes well-known passwords that meet the composition rules', () => {
    for (const p of ['password1', 'trustno1', 'qwerty12']) expect(COMMON_PASSWORDS).toContain(p);
  });
});

// Oracle: the rules written out again, independently and naively, from DESIGN.md section 6.
function meetsEveryRule(p: string, username: string, options: PasswordPolicyOptions): boolean {
  const chars = Array.from(p); // code points, as the policy counts them
  const lower = p.toLowerCase();
  if (chars.length < options.minLength || chars.length > options.maxLength) return false;
  if (!chars.every((c) => c >= ' ' && c <= '~')) return false;
  if (!/[a-z]/i.test(p) || !/\d/.test(p)) return false;
  if (chars.some((c, i) => i > 0 && chars[i - 1] === c)) return false;
  if (options.forbidAnyRepeatedCharacter && new Set(chars).size !== chars.length) return false;
  for (const alphabet of ['abcdefghijklmnopqrstuvwxyz', '0123456789']) {
    const reversed = alphabet.split('').reverse().join('');
    for (let i = 0; i + options.sequenceLength <= alphabet.length; i++) {
      const run = alphabet.slice(i, i + options.sequenceLength);
      const down = reversed.slice(i, i + options.sequenceLength);
      if (lower.includes(run) || lower.includes(down)) return false;
    }
  }
  if (username && lower.includes(username.toLowerCase())) return false;
  if (options.bannedWords.some((w) => w.trim() && lower.includes(w.trim().toLowerCase()))) return false;
  if (COMMON_PASSWORDS.includes(lower)) return false;
  return true;
}

describe('evaluatePassword: properties', () => {
  const printable = fc.string({ unit: fc.constantFrom(...'abcdeXYZ0123456789 !~'.split('')), minLength: 0, maxLength: 20 });
  const anyString = fc.oneof(printable, fc.string({ maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 12 }));
  const options = fc.record({
    minLength: fc.integer({ min: 1, max: 12 }),
    maxLength: fc.integer({ min: 8, max: 20 }),
    forbidAnyRepeatedCharacter: fc.boolean(),
    sequenceLength: fc.integer({ min: 2, max: 6 }),
    bannedWords: fc.array(fc.constantFrom('abc', 'Xy', 'nhs', ''), { maxLength: 2 }),
  });
  const username = fc.constantFrom('', '234', '2340', 'abe');

  it('a password that passes really meets every rule, and one that fails breaks one', () => {
    fc.assert(
      fc.property(anyString, username, options, (p, user, opts) => {
        expect(evaluatePassword(p, { username: user }, opts).ok).toBe(meetsEveryRule(p, user, opts));
      }),
      { numRuns: 2000 },
    );
  });

  it('lists each applicable rule exactly once, and failed is exactly the ones that did not pass', () => {
    fc.assert(
      fc.property(anyString, username, options, (p, user, opts) => {
        const result = evaluatePassword(p, { username: user }, opts);
        const ids = result.results.map((r) => r.id);
        expect(ids).toEqual(applicablePasswordRules(opts));
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).not.toContain('not-recent');
        expect(ids.includes('no-repeated-character')).toBe(opts.forbidAnyRepeatedCharacter);
        expect(result.failed).toEqual(result.results.filter((r) => !r.passed).map((r) => r.id));
        expect(result.ok).toBe(result.failed.length === 0);
      }),
      { numRuns: 500 },
    );
  });

  it('never depends on letter case for the case-insensitive rules', () => {
    fc.assert(
      fc.property(printable, (p) => {
        const insensitive = (q: string) =>
          evaluatePassword(q, { username: 'abe' }, withOptions({ bannedWords: ['xy'] })).results
            .filter((r) => ['no-sequence', 'not-username', 'not-banned-word', 'not-common'].includes(r.id));
        expect(insensitive(p.toUpperCase())).toEqual(insensitive(p.toLowerCase()));
      }),
      { numRuns: 500 },
    );
  });
});
