// Reset Password: new password, enter it again, the rules ticking live, Submit. Checked here
// first (the same shared policy), then by the gateway, whose answer is shown rule by rule.
// The two passwords live only in this component's state and inputs.

import { useMemo, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextInput } from 'nhsuk-react-components';
import { INPUT_LIMITS, type SessionState } from '../../src-main/shared/ipc-contract';
import { evaluatePassword } from '../../src-main/shared/password-policy';
import { DEFAULT_PASSWORD_POLICY, type PasswordRuleId } from '../../src-main/shared/password-rules';
import { useKioskApi } from '../app/api-context';
import { isUnreachable, useKioskCall } from '../app/use-kiosk-call';
import { ErrorList, type ErrorItem } from '../components/ErrorList';
import { GatewayProblem } from '../components/GatewayProblem';
import { PasswordRules, ruleRows, useRuleText } from '../components/PasswordRules';
import { ScreenHeading } from '../components/ScreenHeading';
import { Spinner } from '../components/Spinner';
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
  const newFieldError =
    newEmptyError ??
    (local && local.failed.length > 0 ? text.ruleError(local.failed[0] ?? 'min-length') : undefined) ??
    (gatewayFailed.length > 0 ? text.ruleError(gatewayFailed[0] ?? 'min-length') : undefined);
  const confirmFieldError =
    confirmError ?? (call.error?.code === 'PASSWORDS_DO_NOT_MATCH' ? t('reset.mismatch') : undefined);

  return (
    <>
      <ErrorList items={items} attempt={attempt} />
      {call.error && isUnreachable(call.error) ? (
        <GatewayProblem error={call.error} busy={call.busy} onRetry={() => void call.retry()} />
      ) : null}
      <form noValidate onSubmit={(event) => void submit(event)}>
        <ScreenHeading>{t('reset.title')}</ScreenHeading>
        <p className="nhsuk-body-l">{t('reset.intro', { username })}</p>
        {gatewayFailed.length > 0 ? <p className="nhsuk-body">{t('reset.gatewaySaid')}</p> : null}
        <PasswordRules rows={rows} policy={policy} describedById={RULES_ID} />
        <TextInput
          id={NEW_FIELD}
          name="new-password"
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          maxLength={INPUT_LIMITS.passwordMax}
          label={t('reset.newLabel')}
          labelProps={{ size: 's' }}
          aria-describedby={RULES_ID}
          error={newFieldError}
          errorProps={{ visuallyHiddenText: t('common.errorPrefix') }}
          value={newPassword}
          onChange={(event) => {
            setNewPassword(event.currentTarget.value);
            // The gateway's verdict was about the old text.
            setGatewayFailed([]);
          }}
        />
        <TextInput
          id={CONFIRM_FIELD}
          name="confirm-password"
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          maxLength={INPUT_LIMITS.passwordMax}
          label={t('reset.confirmLabel')}
          labelProps={{ size: 's' }}
          error={confirmFieldError}
          errorProps={{ visuallyHiddenText: t('common.errorPrefix') }}
          value={confirm}
          onChange={(event) => setConfirm(event.currentTarget.value)}
        />
        <div className="esr-button-row">
          <button type="submit" className="nhsuk-button" disabled={call.busy}>
            {t('reset.submit')}
          </button>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary"
            onClick={() => void api.backToInternetAccess()}
          >
            {t('common.cancel')}
          </button>
        </div>
        {call.busy ? <Spinner label={t('common.working')} /> : null}
      </form>
    </>
  );
}
