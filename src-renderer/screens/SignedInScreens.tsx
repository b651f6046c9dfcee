// Signed in, Manage Internet Access (the ESR username, large), and the reset-done screen.

import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionState } from '../../src-main/shared/ipc-contract';
import { useKioskApi } from '../app/api-context';
import { isUnreachable, useKioskCall } from '../app/use-kiosk-call';
import { callErrorText, FormProblems } from '../components/FormErrors';
import { ScreenHeading } from '../components/ScreenHeading';
import { preloadResetPasswordScreen } from './lazy-screens';

type StateOf<N extends SessionState['name']> = Extract<SessionState, { name: N }>;

/** The ESR username, large and in tabular figures so each digit can be copied by eye. */
export function Username({ value }: { value: string }) {
  return (
    <p className="esr-username" data-testid="esr-username">
      {value}
    </p>
  );
}

function SignOutButton() {
  const { t } = useTranslation();
  const api = useKioskApi();
  return (
    <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void api.signOut()}>
      {t('common.signOut')}
    </button>
  );
}

function CallProblems({ call }: { call: ReturnType<typeof useKioskCall> }) {
  const { t } = useTranslation();
  const items = call.error && !isUnreachable(call.error) ? [{ fieldId: null, text: callErrorText(t, call.error) }] : [];
  return <FormProblems items={items} attempt={0} call={call} />;
}

export function SignedInScreen({ state }: { state: StateOf<'signed-in'> }) {
  const { t } = useTranslation();
  const api = useKioskApi();
  const call = useKioskCall();
  return (
    <>
      <CallProblems call={call} />
      <ScreenHeading>{t('signedIn.hello', { name: state.person.displayName })}</ScreenHeading>
      <p className="nhsuk-body-l">{t(state.method === 'card' ? 'signedIn.method_card' : 'signedIn.method_password')}</p>
      <div className="esr-button-row">
        <button
          type="button"
          className="nhsuk-button"
          disabled={call.busy}
          onClick={() => void call.run(() => api.openInternetAccess())}
        >
          {t('signedIn.manage')}
        </button>
        <SignOutButton />
      </div>
    </>
  );
}

export function ManageInternetAccessScreen({ state }: { state: StateOf<'manage-internet-access'> }) {
  const { t, i18n } = useTranslation();
  const api = useKioskApi();
  const call = useKioskCall();
  useEffect(preloadResetPasswordScreen, []);
  const changed = state.passwordChangedAt
    ? new Intl.DateTimeFormat(i18n.language === 'cy' ? 'cy-GB' : 'en-GB', {
        dateStyle: 'long',
        timeStyle: 'short',
      }).format(new Date(state.passwordChangedAt))
    : t('manage.never');
  return (
    <>
      <CallProblems call={call} />
      <ScreenHeading>{t('manage.title')}</ScreenHeading>
      <h2 className="nhsuk-heading-s esr-username-label">{t('manage.usernameLabel')}</h2>
      <Username value={state.person.username} />
      <p className="nhsuk-hint">{t('manage.usernameHint')}</p>
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">{t('manage.status')}</dt>
          <dd className="nhsuk-summary-list__value" data-testid="access-status">
            {t(`accessStatus.${state.status}`)}
          </dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">{t('manage.lastChanged')}</dt>
          <dd className="nhsuk-summary-list__value">{changed}</dd>
        </div>
      </dl>
      <div className="esr-button-row">
        <button
          type="button"
          className="nhsuk-button"
          disabled={call.busy}
          onClick={() => void call.run(() => api.startPasswordReset())}
        >
          {t('manage.reset')}
        </button>
        <SignOutButton />
      </div>
    </>
  );
}

export function ResetDoneScreen({ state }: { state: StateOf<'reset-done'> }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="nhsuk-panel esr-panel-success">
        <ScreenHeading>{t('resetDone.title')}</ScreenHeading>
        <p className="nhsuk-panel__body">{t('resetDone.remember')}</p>
      </div>
      <h2 className="nhsuk-heading-s esr-username-label">{t('resetDone.usernameLabel')}</h2>
      <Username value={state.person.username} />
      <p className="nhsuk-body-l">{t('resetDone.body')}</p>
      <SignOutButtonFinish />
    </>
  );
}

function SignOutButtonFinish() {
  const { t } = useTranslation();
  const api = useKioskApi();
  return (
    <button type="button" className="nhsuk-button" onClick={() => void api.signOut()}>
      {t('resetDone.finish')}
    </button>
  );
}
