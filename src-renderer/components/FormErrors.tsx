// The NHS design system's error pattern in one place, for every form in the kiosk:
//
// - ErrorSummary: "There is a problem" with a link to each field in error, above the form. It
//   takes focus after every submit that produced errors (`attempt` changes), as NHS guidance
//   says, and its role="alert" child makes screen readers announce it. A link focuses its field.
// - TextField: nhsuk-react-components' TextInput with its error message taken from the same
//   list (the first item for its id), so the summary and the field can never disagree; the
//   message carries the translated, visually hidden "Error:" prefix.
// - FormProblems: the summary plus "the ESR service cannot be reached" with "Try again".
//
// The summary's markup is what nhsuk-react-components' ErrorSummary renders (nhsuk-error-summary
// > div[role=alert] > __title, __body > ul.nhsuk-error-summary__list), written out because that
// component loads all of nhsuk-frontend's JS (about 10 kB gzipped) only for the focus and link
// handling done here.

import { useEffect, useRef, type ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { TextInput } from 'nhsuk-react-components';
import { INPUT_LIMITS } from '../../src-main/shared/ipc-contract';
import { isUnreachable, type IpcError, type KioskCall } from '../app/use-kiosk-call';
import { GatewayProblem } from './GatewayProblem';

export interface ErrorItem {
  /** The id of the field to focus, or null for an error that belongs to no field. */
  readonly fieldId: string | null;
  readonly text: string;
}

/** What field `fieldId` shows under its label: the first summary item that points at it. */
export function errorFor(items: readonly ErrorItem[], fieldId: string): string | undefined {
  return items.find((item) => item.fieldId === fieldId)?.text;
}

/** The words for a failed call, with how long to wait when the gateway said so. */
export function callErrorText(t: TFunction, error: IpcError): string {
  const text = t(`error.${error.code}`);
  return error.retryAfterSeconds === undefined ? text : `${text} ${t('retryAfter', { count: error.retryAfterSeconds })}`;
}

/** Props for an NHS error message: the visually hidden prefix, in the current language. */
export function useErrorMessageProps(): { visuallyHiddenText: string } {
  const { t } = useTranslation();
  return { visuallyHiddenText: t('common.errorPrefix') };
}

export function ErrorSummary({ items, attempt }: { items: readonly ErrorItem[]; attempt: number }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const hasItems = items.length > 0;
  useEffect(() => {
    if (hasItems) ref.current?.focus();
  }, [attempt, hasItems]);
  if (!hasItems) return null;
  return (
    <div className="nhsuk-error-summary" ref={ref} tabIndex={-1} aria-labelledby="error-summary-title">
      {/* role=alert on an inner element, so the whole summary is announced when it appears. */}
      <div role="alert">
        <h2 className="nhsuk-error-summary__title" id="error-summary-title">
          {t('common.errorSummaryTitle')}
        </h2>
        <div className="nhsuk-error-summary__body">
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {items.map((item) => (
              <li key={`${item.fieldId ?? ''}:${item.text}`}>
                {item.fieldId ? (
                  <a
                    href={`#${item.fieldId}`}
                    onClick={(event) => {
                      // Focus the field itself, not just scroll to it (NHS pattern).
                      event.preventDefault();
                      document.getElementById(item.fieldId ?? '')?.focus();
                    }}
                  >
                    {item.text}
                  </a>
                ) : (
                  item.text
                )}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

/**
 * Above a form: its error summary, and the gateway problem when the last call could not reach
 * the ESR service ("Try again" repeats that call unless the screen says otherwise).
 */
export function FormProblems({
  items,
  attempt,
  call,
  unreachable = call.error && isUnreachable(call.error) ? call.error : null,
  onRetry = () => void call.retry(),
}: {
  items: readonly ErrorItem[];
  attempt: number;
  call: KioskCall;
  unreachable?: IpcError | null;
  onRetry?: () => void;
}) {
  return (
    <>
      <ErrorSummary items={items} attempt={attempt} />
      {unreachable ? <GatewayProblem error={unreachable} busy={call.busy} onRetry={onRetry} /> : null}
    </>
  );
}

type TextInputProps = ComponentProps<typeof TextInput>;

/**
 * A text input whose error message comes from the form's error list (see `errorFor`). Typed
 * values stay in the screen's state (`value`, `onValue`); the name defaults to the id.
 */
export function TextField({
  id,
  errors,
  labelSize = 's',
  onValue,
  ...input
}: Omit<TextInputProps, 'id' | 'error' | 'errorProps' | 'labelProps' | 'spellCheck' | 'onChange' | 'value'> & {
  id: string;
  errors: readonly ErrorItem[];
  value: string;
  onValue: (value: string) => void;
  labelSize?: 's' | 'm';
}) {
  const errorProps = useErrorMessageProps();
  return (
    <TextInput
      name={id}
      {...input}
      id={id}
      spellCheck={false}
      labelProps={{ size: labelSize }}
      error={errorFor(errors, id)}
      errorProps={errorProps}
      onChange={(event) => onValue(event.currentTarget.value)}
    />
  );
}

/** A masked password field, at most INPUT_LIMITS.passwordMax long (main refuses longer). */
export function PasswordField(props: Omit<Parameters<typeof TextField>[0], 'type' | 'maxLength'>) {
  return <TextField type="password" maxLength={INPUT_LIMITS.passwordMax} {...props} />;
}
