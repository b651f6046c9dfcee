// The vocabulary of the password policy (DESIGN.md section 6), shared by the renderer's live
// checklist, the kiosk's pre-check and the gateway's authoritative 422 answer. The checks
// themselves live in password-policy.ts.

/** Every rule a password can fail, in the order the checklist shows them. */
export const PASSWORD_RULE_IDS = [
  'min-length',
  'max-length',
  'printable-ascii',
  'has-letter',
  'has-digit',
  'no-immediate-repeat',
  'no-repeated-character',
  'no-sequence',
  'not-username',
  'not-banned-word',
  'not-common',
  'not-recent',
] as const;
export type PasswordRuleId = (typeof PASSWORD_RULE_IDS)[number];

export interface PasswordPolicyOptions {
  /** Default 8. */
  readonly minLength: number;
  /** Default 64. */
  readonly maxLength: number;
  /** "No character used twice anywhere" (policy option, default false): enables `no-repeated-character`. */
  readonly forbidAnyRepeatedCharacter: boolean;
  /** Length of an ascending or descending run that is refused (default 4: `abcd`, `4321`). */
  readonly sequenceLength: number;
  /** Trust-configured words a password must not contain (case-insensitive). */
  readonly bannedWords: readonly string[];
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicyOptions = {
  minLength: 8,
  maxLength: 64,
  forbidAnyRepeatedCharacter: false,
  sequenceLength: 4,
  bannedWords: [],
};

export interface PasswordContext {
  /** The ESR username; the password must not contain it. */
  readonly username?: string;
}

export interface PasswordRuleResult {
  readonly id: PasswordRuleId;
  readonly passed: boolean;
}

export interface PasswordEvaluation {
  readonly ok: boolean;
  /** One entry per rule that applies under the options, in PASSWORD_RULE_IDS order. */
  readonly results: readonly PasswordRuleResult[];
  readonly failed: readonly PasswordRuleId[];
}
