// Sign in with ESR username and password (staff without a card), from the card prompt.

import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TextInput } from 'nhsuk-react-components';
import { INPUT_LIMITS } from '../../src-main/shared/ipc-contract';
import { useKioskApi } from '../app/api-context';
import { isUnreachable, useKioskCall } from '../app/use-kiosk-call';
import { BackLink } from '../components/BackLink';
import { ErrorList, type ErrorItem } from '../components/ErrorList';
import { GatewayProblem } from '../components/GatewayProblem';
import { ScreenHeading } from '../components/ScreenHeading';
import { Spinner } from '../components/Spinner';
import type { Message } from '../forms/message';
import { useLocalScreenStore } from '../store/local-screen-store';

const USERNAME_FIELD = 'username';
const PASSWORD_FIELD = 'password';

export function PasswordLoginScreen() {
  const { t } = useTranslation();
  const api = useKioskApi();
  const call = useKioskCall();
  const close = useLocalScreenStore((s) => s.close);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [attempt, setAttempt] = useState(0);
  const [fieldErrors, setFieldErrors] = useState<{ username?: Message; password?: Message }>({});

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    const errors: { username?: Message; password?: Message } = {};
    const name = username.trim();
    if (!name) errors.username = (tr) => tr('passwordLogin.usernameEmpty');
    else if (name.length > INPUT_LIMITS.usernameMax) errors.username = (tr) => tr('passwordLogin.tooLong');
    if (!password) errors.password = (tr) => tr('passwordLogin.passwordEmpty');
    else if (password.length > INPUT_LIMITS.passwordMax) errors.password = (tr) => tr('passwordLogin.tooLong');
    setFieldErrors(errors);
    if (errors.username || errors.password) return;
    const request = { username: name, password };
    const result = await call.run(() => api.passwordLogin(request));
    // A wrong password is typed again from scratch; the username stays.
    if (result && !result.ok && !isUnreachable(result.error)) setPassword('');
  };

  const items: ErrorItem[] = [];
  const usernameError = fieldErrors.username?.(t);
  const passwordError = fieldErrors.password?.(t);
  if (usernameError) items.push({ fieldId: USERNAME_FIELD, text: usernameError });
  if (passwordError) items.push({ fieldId: PASSWORD_FIELD, text: passwordError });
  let serverError: string | undefined;
  if (call.error && !isUnreachable(call.error)) {
    serverError = t(`error.${call.error.code}`);
    if (call.error.retryAfterSeconds !== undefined) {
      serverError += ` ${t('retryAfter', { count: call.error.retryAfterSeconds })}`;
    }
    items.push({ fieldId: PASSWORD_FIELD, text: serverError });
  }

  return (
    <>
      <BackLink onClick={close} />
      <ErrorList items={items} attempt={attempt} />
      {call.error && isUnreachable(call.error) ? (
        <GatewayProblem error={call.error} busy={call.busy} onRetry={() => void call.retry()} />
      ) : null}
      <form noValidate onSubmit={(event) => void submit(event)}>
        <ScreenHeading>{t('passwordLogin.title')}</ScreenHeading>
        <TextInput
          id={USERNAME_FIELD}
          name="username"
          autoComplete="username"
          spellCheck={false}
          maxLength={INPUT_LIMITS.usernameMax}
          width={20}
          label={t('passwordLogin.usernameLabel')}
          labelProps={{ size: 's' }}
          hint={t('passwordLogin.usernameHint')}
          error={usernameError}
          errorProps={{ visuallyHiddenText: t('common.errorPrefix') }}
          value={username}
          onChange={(event) => setUsername(event.currentTarget.value)}
        />
        <TextInput
          id={PASSWORD_FIELD}
          name="password"
          type="password"
          autoComplete="current-password"
          spellCheck={false}
          maxLength={INPUT_LIMITS.passwordMax}
          width={20}
          label={t('passwordLogin.passwordLabel')}
          labelProps={{ size: 's' }}
          error={passwordError ?? serverError}
          errorProps={{ visuallyHiddenText: t('common.errorPrefix') }}
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <button type="submit" className="nhsuk-button" disabled={call.busy}>
          {t('passwordLogin.submit')}
        </button>
        {call.busy ? <Spinner label={t('common.working')} /> : null}
      </form>
    </>
  );
}
