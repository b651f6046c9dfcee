// Reset Password: new password, enter it again, the rules ticking live, Submit. Checked here
// first (the same shared policy), then by the gateway, whose answer is shown rule by rule.
// The two passwords live only in this component's state and inputs.

import { useMemo, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionState } from '../../src-main/shared/ipc-contract';
import { evaluatePassword } from '../../src-main/shared/password-policy';
import { DEFAULT_PASSWORD_POLICY, type PasswordRuleId } from '../../src-main/shared/password-rules';
import { useKioskApi } from '../app/api-context';
import { isUnreachable, useKioskCall } from '../app/use-kiosk-call';
import { FormProblems, PasswordField, type ErrorItem } from '../components/FormErrors';
import { FormButtons } from '../components/FormButtons';
import { PasswordRules, ruleRows, useRuleText } from '../components/PasswordRules';
import { ScreenHeading } from '../components/ScreenHeading';
import type { Message } from '../forms/message';
import { useSessionStore } from '../store/session-store';

type ResetState = Extract<SessionState, { name: 'reset-password' }>;

const NEW_FIELD = 'new-password';
const CONFIRM_FIELD = 'confirm-password';
const RULES_ID = 'password-rules';

interface FieldErrors {
  readonly newPassword?: Message;
  readonly confirm?: Message;
}

export function ResetPasswordScreen({ state }: { state: ResetState }) {
  const { t } = useTranslation();
  const api = useKioskApi();
  const call = useKioskCall();
  const policy = useSessionStore((s) => s.info?.passwordPolicy ?? DEFAULT_PASSWORD_POLICY);
  const username = state.person.username;
  const text = useRuleText(policy);

  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [local, setLocal] = useState<{ failed: readonly PasswordRuleId[]; errors: FieldErrors } | null>(null);
  const [gatewayFailed, setGatewayFailed] = useState<readonly PasswordRuleId[]>([]);

  const evaluation = useMemo(
    () => evaluatePassword(newPassword, { username }, policy),
    [newPassword, username, policy],
  );
  const rows = ruleRows(newPassword, evaluation, gatewayFailed);

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    setGatewayFailed([]);
    const errors: { newPassword?: Message; confirm?: Message } = {};
    if (newPassword.length === 0) errors.newPassword = (tr) => tr('reset.newEmpty');
    if (confirm.length === 0) errors.confirm = (tr) => tr('reset.confirmEmpty');
    else if (newPassword.length > 0 && confirm !== newPassword) errors.confirm = (tr) => tr('reset.mismatch');
    const failed = newPassword.length > 0 ? evaluation.failed : [];
    if (errors.newPassword || errors.confirm || failed.length > 0) {
      setLocal({ failed, errors });
      return;
    }
    setLocal(null);
    const request = { newPassword, confirmPassword: confirm };
    const result = await call.run(() => api.submitNewPassword(request));
    if (result && !result.ok) {
      const named = result.error.failedRules ?? [];
      setGatewayFailed(
        named.length > 0 ? named : result.error.code === 'PASSWORD_REUSED' ? ['not-recent'] : [],
      );
    }
  };

  const items: ErrorItem[] = [];
  const fieldErrors: FieldErrors = local?.errors ?? {};
  const newEmptyError = fieldErrors.newPassword?.(t);
  const confirmError = fieldErrors.confirm?.(t);
  if (newEmptyError) items.push({ fieldId: NEW_FIELD, text: newEmptyError });
  for (const id of local?.failed ?? []) items.push({ fieldId: NEW_FIELD, text: text.ruleError(id) });
  if (confirmError) items.push({ fieldId: CONFIRM_FIELD, text: confirmError });
  if (call.error && !isUnreachable(call.error)) {
    if (call.error.code === 'PASSWORDS_DO_NOT_MATCH') {
      items.push({ fieldId: CONFIRM_FIELD, text: t('reset.mismatch') });
    } else if (gatewayFailed.length > 0) {
      for (const id of gatewayFailed) items.push({ fieldId: NEW_FIELD, text: text.ruleError(id) });
    } else {
      items.push({ fieldId: null, text: t(`error.${call.error.code}`) });
    }
  }

  return (
    <>
      <FormProblems items={items} attempt={attempt} call={call} />
      <form noValidate onSubmit={(event) => void submit(event)}>
        <ScreenHeading>{t('reset.title')}</ScreenHeading>
        <p className="nhsuk-body-l">{t('reset.intro', { username })}</p>
        {gatewayFailed.length > 0 ? <p className="nhsuk-body">{t('reset.gatewaySaid')}</p> : null}
        <PasswordRules rows={rows} policy={policy} describedById={RULES_ID} />
        <PasswordField id={NEW_FIELD} errors={items} autoComplete="new-password" label={t('reset.newLabel')}
          aria-describedby={RULES_ID} value={newPassword} onValue={(value) => {
            setNewPassword(value);
            // The gateway's verdict was about the old text.
            setGatewayFailed([]);
          }} />
        <PasswordField id={CONFIRM_FIELD} errors={items} autoComplete="new-password" label={t('reset.confirmLabel')}
          value={confirm} onValue={setConfirm} />
        <FormButtons submit={t('reset.submit')} busy={call.busy} onCancel={() => void api.backToInternetAccess()} />
      </form>
    </>
  );
}
