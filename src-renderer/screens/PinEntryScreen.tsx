// PIN entry: masked, digits only, 4–8 long, checked here before it is sent once to main
// (which hands it only to the card). The field is emptied after every submit: a PIN is never
// resent by itself. After a wrong PIN the tries left come from the card (63Cx) via main.

import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { INPUT_LIMITS, type SessionState } from '../../src-main/shared/ipc-contract';
import { useKioskApi } from '../app/api-context';
import { isUnreachable, useKioskCall } from '../app/use-kiosk-call';
import { callErrorText, ErrorSummary, FormProblems, TextField, type ErrorItem } from '../components/FormErrors';
import { FormButtons } from '../components/FormButtons';
import { ScreenHeading } from '../components/ScreenHeading';
import { Spinner } from '../components/Spinner';

type PinState = Extract<SessionState, { name: 'pin-entry' }>;

const PIN_FIELD = 'pin';

export function validatePin(pin: string): 'empty' | 'notDigits' | 'length' | null {
  if (pin.length === 0) return 'empty';
  if (!/^[0-9]+$/.test(pin)) return 'notDigits';
  if (pin.length < INPUT_LIMITS.pinMin || pin.length > INPUT_LIMITS.pinMax) return 'length';
  return null;
}

export function PinEntryScreen({ state }: { state: PinState }) {
  const { t } = useTranslation();
  const api = useKioskApi();
  const call = useKioskCall();
  const [pin, setPin] = useState('');
  const [fieldProblem, setFieldProblem] = useState<ReturnType<typeof validatePin>>(null);
  const [attempt, setAttempt] = useState(0);

  const wrongPin = state.lastError === 'PIN_INCORRECT' || call.error?.code === 'PIN_INCORRECT';
  const triesLeft = call.error?.triesLeft ?? state.triesLeft;
  const unreachableError =
    call.error && isUnreachable(call.error)
      ? call.error
      : state.lastError && isUnreachable({ code: state.lastError })
        ? { code: state.lastError }
        : null;
  const otherError =
    call.error && !isUnreachable(call.error) && call.error.code !== 'PIN_INCORRECT' ? call.error : null;

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    const problem = validatePin(pin);
    setFieldProblem(problem);
    if (problem) return;
    const typed = pin;
    setPin('');
    await call.run(() => api.verifyPin({ pin: typed }));
  };

  const errors: ErrorItem[] = [];
  if (fieldProblem) errors.push({ fieldId: PIN_FIELD, text: t(`pin.${fieldProblem}`) });
  else if (otherError) errors.push({ fieldId: PIN_FIELD, text: callErrorText(t, otherError) });
  else if (wrongPin) {
    errors.push({
      fieldId: PIN_FIELD,
      text: triesLeft === null ? t('pin.wrongUnknown') : t('pin.wrong', { count: triesLeft }),
    });
  }

  if (state.pinPad) {
    return (
      <>
        <ErrorSummary items={errors} attempt={attempt} />
        <ScreenHeading>{t('pin.padTitle')}</ScreenHeading>
        <p className="nhsuk-body-l">{t('pin.padBody')}</p>
        {triesLeft === 1 ? <p className="nhsuk-body-l esr-last-try">{t('pin.lastTry')}</p> : null}
        <Spinner label={t('progress.step', { step: t('step.checking-pin') })} />
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void api.cancelCard()}>
          {t('common.cancel')}
        </button>
      </>
    );
  }

  return (
    <>
      <FormProblems
        items={errors}
        attempt={attempt}
        call={call}
        unreachable={unreachableError}
        // The PIN is never resent: main retries the gateway step with what it already proved.
        onRetry={() => void call.run(() => api.retryGateway())}
      />
      <form noValidate onSubmit={(event) => void submit(event)}>
        <ScreenHeading>{t('pin.title')}</ScreenHeading>
        {triesLeft === 1 ? (
          <div className="nhsuk-warning-callout">
            <h2 className="nhsuk-warning-callout__label">{t('pin.lastTry')}</h2>
          </div>
        ) : null}
        <TextField
          id={PIN_FIELD}
          errors={errors}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          maxLength={INPUT_LIMITS.pinMax}
          width={10}
          label={t('pin.label')}
          labelSize="m"
          hint={t('pin.hint')}
          value={pin}
          onValue={setPin}
        />
        <FormButtons
          submit={t('pin.submit')}
          busy={call.busy}
          onCancel={() => {
            setPin('');
            void api.cancelCard();
          }}
        />
      </form>
    </>
  );
}
