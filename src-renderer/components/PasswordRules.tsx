// The password rules as a checklist that ticks as the person types. Each rule is checked by
// the shared policy (src-main/shared/password-policy.ts, the same code the gateway runs); the
// gateway's own answer after Submit is final and is shown against the rules it names.
// Screen readers hear a polite "5 of 7 rules met" when the count changes, not every keystroke.

import { useTranslation } from 'react-i18next';
import type { PasswordEvaluation, PasswordPolicyOptions, PasswordRuleId } from '../../src-main/shared/password-rules';

export interface RuleRow {
  readonly id: PasswordRuleId;
  /** null while nothing is typed: neither met nor failed yet. */
  readonly met: boolean | null;
  readonly byGateway: boolean;
}

export function ruleRows(
  password: string,
  evaluation: PasswordEvaluation,
  gatewayFailed: readonly PasswordRuleId[],
): RuleRow[] {
  const rows: RuleRow[] = evaluation.results.map((r) => ({
    id: r.id,
    met: password.length === 0 ? null : r.passed && !gatewayFailed.includes(r.id),
    byGateway: gatewayFailed.includes(r.id),
  }));
  // Rules only the gateway can check (the last 5 passwords) join the list when it names them.
  for (const id of gatewayFailed) {
    if (!rows.some((r) => r.id === id)) rows.push({ id, met: false, byGateway: true });
  }
  return rows;
}

export function useRuleText(policy: PasswordPolicyOptions) {
  const { t } = useTranslation();
  const params = { min: policy.minLength, max: policy.maxLength, n: policy.sequenceLength };
  return {
    rule: (id: PasswordRuleId) => t(`rule.${id}`, params),
    ruleError: (id: PasswordRuleId) => t(`ruleError.${id}`, params),
  };
}

export function PasswordRules({
  rows,
  policy,
  describedById,
}: {
  rows: readonly RuleRow[];
  policy: PasswordPolicyOptions;
  describedById: string;
}) {
  const { t } = useTranslation();
  const text = useRuleText(policy);
  const met = rows.filter((r) => r.met === true).length;
  const typed = rows.some((r) => r.met !== null);
  return (
    <div className="esr-rules">
      <ul className="nhsuk-list esr-rules__list" id={describedById}>
        {rows.map((row) => {
          const state = row.met === null ? 'pending' : row.met ? 'met' : 'failed';
          return (
            <li key={row.id} className={`esr-rule esr-rule--${state}`} data-rule={row.id} data-state={state}>
              <span className="esr-rule__icon" aria-hidden="true">
                {state === 'met' ? '✓' : state === 'failed' ? '✗' : '•'}
              </span>
              <span>{text.rule(row.id)}</span>
              {state === 'pending' ? null : (
                <span className="nhsuk-u-visually-hidden">
                  {' '}
                  ({row.met ? t('reset.met') : t('reset.notMet')})
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <p className="nhsuk-u-visually-hidden" aria-live="polite" data-testid="rules-live">
        {typed ? t('reset.rulesMet', { met, total: rows.length }) : ''}
      </p>
    </div>
  );
}
