// Sign in with ESR username and password (staff without a card), from the card prompt.

import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { INPUT_LIMITS } from '../../src-main/shared/ipc-contract';
import { useKioskApi } from '../app/api-context';
import { isUnreachable, useKioskCall } from '../app/use-kiosk-call';
import { BackLink } from '../components/BackLink';
import { callErrorText, FormProblems, PasswordField, TextField, type ErrorItem } from '../components/FormErrors';
import { FormButtons } from '../components/FormButtons';
import { ScreenHeading } from '../components/ScreenHeading';
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
  if (call.error && !isUnreachable(call.error)) items.push({ fieldId: PASSWORD_FIELD, text: callErrorText(t, call.error) });

  return (
    <>
      <BackLink onClick={close} />
      <FormProblems items={items} attempt={attempt} call={call} />
      <form noValidate onSubmit={(event) => void submit(event)}>
        <ScreenHeading>{t('passwordLogin.title')}</ScreenHeading>
        <TextField
          id={USERNAME_FIELD}
          errors={items}
          autoComplete="username"
          maxLength={INPUT_LIMITS.usernameMax}
          width={20}
          label={t('passwordLogin.usernameLabel')}
          hint={t('passwordLogin.usernameHint')}
          value={username}
          onValue={setUsername}
        />
        <PasswordField id={PASSWORD_FIELD} errors={items} autoComplete="current-password" width={20}
          label={t('passwordLogin.passwordLabel')} value={password} onValue={setPassword} />
        <FormButtons submit={t('passwordLogin.submit')} busy={call.busy} />
      </form>
    </>
  );
}
