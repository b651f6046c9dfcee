// The password policy of DESIGN.md section 6 as pure checks. The renderer ticks each rule live,
// the kiosk pre-checks before it sends anything, and the gateway gives the final answer (adding
// `not-recent`, which needs the password history that only the gateway holds).

import { COMMON_PASSWORDS } from './common-passwords';
import {
  DEFAULT_PASSWORD_POLICY,
  PASSWORD_RULE_IDS,
  type PasswordContext,
  type PasswordEvaluation,
  type PasswordPolicyOptions,
  type PasswordRuleId,
  type PasswordRuleResult,
} from './password-rules';

/** A password as code points, so a character outside the BMP counts once. */
type Chars = readonly string[];

interface RuleInput {
  readonly chars: Chars;
  /** Lower-cased for the case-insensitive rules (username, banned word, common, sequence). */
  readonly lower: string;
  readonly context: PasswordContext;
  readonly options: PasswordPolicyOptions;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const LETTER = /[A-Za-z]/;
const DIGIT = /[0-9]/;

let commonSet: ReadonlySet<string> | undefined;
function isCommonPassword(lower: string): boolean {
  commonSet ??= new Set(COMMON_PASSWORDS);
  return commonSet.has(lower);
}

function hasImmediateRepeat(chars: Chars): boolean {
  for (let i = 1; i < chars.length; i++) if (chars[i] === chars[i - 1]) return true;
  return false;
}

function hasAnyRepeat(chars: Chars): boolean {
  return new Set(chars).size !== chars.length;
}

/** `a`..`z` → 0..25 and `0`..`9` → 100..109, so a letter never continues a digit run. */
function sequenceCode(lowerChar: string): number | undefined {
  if (lowerChar.length !== 1) return undefined;
  const c = lowerChar.charCodeAt(0);
  if (c >= 0x61 && c <= 0x7a) return c - 0x61;
  if (c >= 0x30 && c <= 0x39) return 100 + c - 0x30;
  return undefined;
}

/**
 * The longest run of letters (case-insensitive) or digits that each step up by one, or each step
 * down by one: `abcd`, `DCBA`, `aBcD`, `4321`. No wrap-around (`yzab`, `8901` are not runs).
 */
export function longestSequence(password: string): number {
  const codes = Array.from(password.toLowerCase(), sequenceCode);
  let longest = 0;
  let run = 0;
  let step = 0;
  codes.forEach((cur, i) => {
    const prev = i > 0 ? codes[i - 1] : undefined;
    const delta = cur === undefined || prev === undefined ? 0 : cur - prev;
    if (cur === undefined) {
      run = 0;
    } else if ((delta === 1 || delta === -1) && delta === step) {
      run += 1;
    } else {
      run = delta === 1 || delta === -1 ? 2 : 1;
    }
    step = delta;
    longest = Math.max(longest, run);
  });
  return longest;
}

function containsAnyWord(lower: string, words: readonly string[]): boolean {
  return words.some((w) => {
    const word = w.trim().toLowerCase();
    return word.length > 0 && lower.includes(word);
  });
}

/** Each rule as a named check: true when the password meets it. */
const CHECKS: Record<Exclude<PasswordRuleId, 'not-recent'>, (input: RuleInput) => boolean> = {
  'min-length': ({ chars, options }) => chars.length >= options.minLength,
  'max-length': ({ chars, options }) => chars.length <= options.maxLength,
  'printable-ascii': ({ chars }) => PRINTABLE_ASCII.test(chars.join('')),
  'has-letter': ({ chars }) => LETTER.test(chars.join('')),
  'has-digit': ({ chars }) => DIGIT.test(chars.join('')),
  'no-immediate-repeat': ({ chars }) => !hasImmediateRepeat(chars),
  'no-repeated-character': ({ chars }) => !hasAnyRepeat(chars),
  'no-sequence': ({ lower, options }) => longestSequence(lower) < options.sequenceLength,
  'not-username': ({ lower, context }) => !containsAnyWord(lower, [context.username ?? '']),
  'not-banned-word': ({ lower, options }) => !containsAnyWord(lower, options.bannedWords),
  'not-common': ({ lower }) => !isCommonPassword(lower),
};

/**
 * The rules evaluatePassword reports under these options, in checklist order. `not-recent` is
 * never among them (only the gateway knows the history); `no-repeated-character` only when the
 * policy forbids any character used twice.
 */
export function applicablePasswordRules(
  options: PasswordPolicyOptions = DEFAULT_PASSWORD_POLICY,
): readonly Exclude<PasswordRuleId, 'not-recent'>[] {
  return PASSWORD_RULE_IDS.filter(
    (id): id is Exclude<PasswordRuleId, 'not-recent'> =>
      id !== 'not-recent' && (id !== 'no-repeated-character' || options.forbidAnyRepeatedCharacter),
  );
}

/** Checks a candidate password against every applicable rule; never throws, never logs. */
export function evaluatePassword(
  password: string,
  context: PasswordContext = {},
  options: PasswordPolicyOptions = DEFAULT_PASSWORD_POLICY,
): PasswordEvaluation {
  const input: RuleInput = { chars: Array.from(password), lower: password.toLowerCase(), context, options };
  const results: PasswordRuleResult[] = applicablePasswordRules(options).map((id) => ({
    id,
    passed: CHECKS[id](input),
  }));
  const failed = results.filter((r) => !r.passed).map((r) => r.id);
  return { ok: failed.length === 0, results, failed };
}
