// Forgot username or password: choose which, then email address + date of birth (NHS date
// input: day, month, year). The answer is always the same neutral sentence, whether or not an
// account matched, exactly as the gateway answers (DESIGN.md section 4, 8).

import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DateInput } from 'nhsuk-react-components';
import { INPUT_LIMITS } from '../../src-main/shared/ipc-contract';
import { useKioskApi } from '../app/api-context';
import { isUnreachable, useKioskCall } from '../app/use-kiosk-call';
import { BackLink } from '../components/BackLink';
import { callErrorText, errorFor, FormProblems, TextField, useErrorMessageProps, type ErrorItem } from '../components/FormErrors';
import { FormButtons } from '../components/FormButtons';
import { LinkButton } from '../components/LinkButton';
import { ScreenHeading } from '../components/ScreenHeading';
import { checkEmail, parseDateOfBirth, type DateParts } from '../forms/validate';
import type { Message } from '../forms/message';
import { useLocalScreenStore } from '../store/local-screen-store';

const EMAIL_FIELD = 'email';
const DOB_ID = 'dob';

export function ForgotChoiceScreen() {
  const { t } = useTranslation();
  const { open, close } = useLocalScreenStore();
  return (
    <>
      <BackLink onClick={close} />
      <ScreenHeading>{t('forgot.title')}</ScreenHeading>
      <p className="nhsuk-body-l">{t('forgot.body')}</p>
      <ul className="nhsuk-list esr-actions">
        <li>
          <LinkButton onClick={() => open('forgot-username')}>{t('forgot.username')}</LinkButton>
        </li>
        <li>
          <LinkButton onClick={() => open('forgot-password')}>{t('forgot.password')}</LinkButton>
        </li>
      </ul>
    </>
  );
}

interface RecoveryErrors {
  readonly email?: Message;
  readonly dob?: Message;
  readonly dobPart?: keyof DateParts | null;
}

export function RecoveryScreen({ kind }: { kind: 'username' | 'password' }) {
  const { t } = useTranslation();
  const api = useKioskApi();
  const call = useKioskCall();
  const { open, close } = useLocalScreenStore();
  const errorMessageProps = useErrorMessageProps();
  const [email, setEmail] = useState('');
  const [dob, setDob] = useState<DateParts>({ day: '', month: '', year: '' });
  const [errors, setErrors] = useState<RecoveryErrors>({});
  const [attempt, setAttempt] = useState(0);
  const [sent, setSent] = useState(false);

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    const next: { email?: Message; dob?: Message; dobPart?: keyof DateParts | null } = {};
    const emailProblem = checkEmail(email);
    if (emailProblem) next.email = (tr) => tr(emailProblem === 'empty' ? 'forgot.emailEmpty' : 'forgot.emailInvalid');
    const parsed = parseDateOfBirth(dob);
    let isoDate: string | null = null;
    if ('iso' in parsed) isoDate = parsed.iso;
    else if (parsed.kind === 'empty') next.dob = (tr) => tr('forgot.dobEmpty');
    else if (parsed.kind === 'missing') {
      const part = parsed.part;
      next.dob = (tr) => tr('forgot.dobMissing', { part: tr(`datePart.${part}`) });
      next.dobPart = parsed.part;
    } else if (parsed.kind === 'real') {
      next.dob = (tr) => tr('forgot.dobReal');
      next.dobPart = parsed.part;
    } else next.dob = (tr) => tr('forgot.dobPast');
    setErrors(next);
    if (next.email || next.dob || !isoDate) return;
    const request = { email: email.trim(), dateOfBirth: isoDate };
    const result = await call.run(() =>
      kind === 'username' ? api.recoverUsername(request) : api.recoverPassword(request),
    );
    if (result?.ok) {
      // Nothing typed is kept once it has been sent.
      setEmail('');
      setDob({ day: '', month: '', year: '' });
      setSent(true);
    }
  };

  if (sent) {
    return (
      <>
        <ScreenHeading>{t('forgot.sentTitle')}</ScreenHeading>
        <p className="nhsuk-body-l" data-testid="recovery-answer">
          {t(kind === 'username' ? 'forgot.sentUsername' : 'forgot.sentPassword')}
        </p>
        <p>{t('forgot.sentSpam')}</p>
        <button type="button" className="nhsuk-button" onClick={close}>
          {t('common.backToStart')}
        </button>
      </>
    );
  }

  const dobFieldId = `${DOB_ID}-${errors.dobPart ?? 'day'}`;
  const items: ErrorItem[] = [];
  const emailError = errors.email?.(t);
  const dobError = errors.dob?.(t);
  if (emailError) items.push({ fieldId: EMAIL_FIELD, text: emailError });
  if (dobError) items.push({ fieldId: dobFieldId, text: dobError });
  if (call.error && !isUnreachable(call.error)) items.push({ fieldId: null, text: callErrorText(t, call.error) });
  const dobFieldError = errorFor(items, dobFieldId);
  // Only the part in error is highlighted (NHS date input pattern); the whole date when unsure.
  const partError = (part: keyof DateParts): string | false =>
    dobError !== undefined && (errors.dobPart === undefined || errors.dobPart === null || errors.dobPart === part)
      ? dobError
      : false;

  return (
    <>
      <BackLink onClick={() => open('forgot')} />
      <FormProblems items={items} attempt={attempt} call={call} />
      <form noValidate onSubmit={(event) => void submit(event)}>
        <ScreenHeading>{t(kind === 'username' ? 'forgot.usernameTitle' : 'forgot.passwordTitle')}</ScreenHeading>
        {kind === 'password' ? <p className="nhsuk-body-l">{t('forgot.passwordIntro')}</p> : null}
        <TextField
          id={EMAIL_FIELD}
          errors={items}
          type="email"
          autoComplete="email"
          maxLength={INPUT_LIMITS.emailMax}
          label={t('forgot.emailLabel')}
          hint={t('forgot.emailHint')}
          value={email}
          onValue={setEmail}
        />
        <DateInput
          id={DOB_ID}
          name="dob"
          legend={t('forgot.dobLegend')}
          legendProps={{ size: 's' }}
          hint={t('forgot.dobHint')}
          error={dobFieldError}
          errorProps={errorMessageProps}
        >
          <DateInput.Day
            label={t('forgot.day')}
            autoComplete="bday-day"
            value={dob.day}
            error={partError('day')}
            onChange={(event) => setDob({ ...dob, day: event.currentTarget.value })}
          />
          <DateInput.Month
            label={t('forgot.month')}
            autoComplete="bday-month"
            value={dob.month}
            error={partError('month')}
            onChange={(event) => setDob({ ...dob, month: event.currentTarget.value })}
          />
          <DateInput.Year
            label={t('forgot.year')}
            autoComplete="bday-year"
            value={dob.year}
            error={partError('year')}
            onChange={(event) => setDob({ ...dob, year: event.currentTarget.value })}
          />
        </DateInput>
        <FormButtons submit={t('forgot.submit')} busy={call.busy} />
      </form>
    </>
  );
}
