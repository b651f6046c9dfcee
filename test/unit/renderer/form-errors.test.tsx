// The shared NHS error pattern (components/FormErrors.tsx) on its own: the summary is an alert,
// takes focus on each failed submit, links to its fields and focuses them; each field shows the
// first error that points at it, with the visually hidden "Error:" prefix, and is described by it.

import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState, type ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { IpcError, KioskCall } from '../../../src-renderer/app/use-kiosk-call';
import {
  callErrorText,
  errorFor,
  ErrorSummary,
  FormProblems,
  PasswordField,
  TextField,
  type ErrorItem,
} from '../../../src-renderer/components/FormErrors';
import { createI18n } from '../../../src-renderer/i18n';

function withWords(node: ReactNode, language: 'en' | 'cy' = 'en') {
  const i18n = createI18n(language);
  return { i18n, ...render(<I18nextProvider i18n={i18n}>{node}</I18nextProvider>) };
}

const ITEMS: ErrorItem[] = [
  { fieldId: 'email', text: 'Enter your email address' },
  { fieldId: 'email', text: 'Second problem with the email' },
  { fieldId: 'secret', text: 'Enter your password' },
  { fieldId: null, text: 'The ESR service is busy' },
];

/** A small form the way the screens use it: submit bumps `attempt`, errors come from a list. */
function Form({ errorsOnSubmit }: { errorsOnSubmit: readonly ErrorItem[] }) {
  const [attempt, setAttempt] = useState(0);
  const [errors, setErrors] = useState<readonly ErrorItem[]>([]);
  const [email, setEmail] = useState('');
  const [secret, setSecret] = useState('');
  return (
    <>
      <ErrorSummary items={errors} attempt={attempt} />
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setAttempt((n) => n + 1);
          setErrors(errorsOnSubmit);
        }}
      >
        <h1 tabIndex={-1}>A form</h1>
        <TextField id="email" errors={errors} label="Email address" value={email} onValue={setEmail} />
        <PasswordField id="secret" errors={errors} label="Password" value={secret} onValue={setSecret} />
        <button type="submit">Send</button>
      </form>
    </>
  );
}

describe('ErrorSummary', () => {
  it('renders nothing without errors', () => {
    const { container } = withWords(<ErrorSummary items={[]} attempt={3} />);
    expect(container.innerHTML).toBe('');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('is the NHS error summary: role=alert with the title and one entry per error, links to fields', () => {
    withWords(<ErrorSummary items={ITEMS} attempt={1} />);
    const alert = screen.getByRole('alert');
    expect(within(alert).getByRole('heading', { level: 2 }).textContent).toBe('There is a problem');
    const summary = alert.parentElement!;
    expect(summary.className).toBe('nhsuk-error-summary');
    expect(summary.getAttribute('aria-labelledby')).toBe('error-summary-title');
    expect(alert.querySelector('ul.nhsuk-list.nhsuk-error-summary__list')).not.toBeNull();
    const links = within(alert).getAllByRole('link');
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Enter your email address', '#email'],
      ['Second problem with the email', '#email'],
      ['Enter your password', '#secret'],
    ]);
    // An error that belongs to no field is plain text.
    expect(within(alert).getByText('The ESR service is busy').tagName).toBe('LI');
    expect(document.activeElement).toBe(summary);
  });

  it('takes focus on every failed submit, not on other renders; its links focus the field', async () => {
    const user = userEvent.setup();
    withWords(<Form errorsOnSubmit={ITEMS} />);
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const summary = screen.getByRole('alert').parentElement!;
    expect(document.activeElement).toBe(summary);

    await user.click(screen.getByRole('link', { name: 'Enter your password' }));
    expect(document.activeElement).toBe(screen.getByLabelText(/^Password/));
    // Typing re-renders the form: focus stays in the field.
    await user.keyboard('abc');
    expect(document.activeElement).toBe(screen.getByLabelText(/^Password/));

    // The same errors again after another submit: the summary is focused again.
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(document.activeElement).toBe(summary);
    await user.click(screen.getByRole('link', { name: 'Enter your email address' }));
    expect(document.activeElement).toBe(screen.getByLabelText(/^Email address/));
  });

  it('says "There is a problem" in Welsh too', () => {
    withWords(<ErrorSummary items={ITEMS.slice(0, 1)} attempt={1} />, 'cy');
    expect(within(screen.getByRole('alert')).getByRole('heading').textContent).not.toBe('There is a problem');
  });
});

describe('TextField and PasswordField', () => {
  it('show the first error for their id, prefixed "Error:" for screen readers, and are described by it', async () => {
    const user = userEvent.setup();
    withWords(<Form errorsOnSubmit={ITEMS} />);
    const email = screen.getByLabelText(/^Email address/);
    expect(email.getAttribute('aria-describedby')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Send' }));

    const emailError = document.getElementById('email--error-message')!;
    expect(emailError.className).toContain('nhsuk-error-message');
    expect(emailError.textContent).toBe('Error: Enter your email address');
    expect(emailError.querySelector('.nhsuk-u-visually-hidden')?.textContent).toMatch(/^Error/);
    expect(email.getAttribute('aria-describedby')).toContain('email--error-message');
    expect(email.closest('.nhsuk-form-group')?.className).toContain('nhsuk-form-group--error');

    const secret = screen.getByLabelText<HTMLInputElement>(/^Password/);
    expect(secret.type).toBe('password');
    expect(secret.maxLength).toBe(128);
    expect(secret.getAttribute('spellcheck')).toBe('false');
    expect(document.getElementById('secret--error-message')?.textContent).toBe('Error: Enter your password');
  });

  it('keep the typed value in the screen and show no error message without one', async () => {
    const user = userEvent.setup();
    withWords(<Form errorsOnSubmit={[]} />);
    await user.type(screen.getByLabelText(/^Email address/), 'a@nhs.net');
    expect(screen.getByLabelText<HTMLInputElement>(/^Email address/).value).toBe('a@nhs.net');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(document.querySelector('.nhsuk-error-message')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('helpers', () => {
  it('errorFor picks the first error of a field', () => {
    expect(errorFor(ITEMS, 'email')).toBe('Enter your email address');
    expect(errorFor(ITEMS, 'nothing')).toBeUndefined();
  });

  it('callErrorText adds the wait the gateway asked for', () => {
    const i18n = createI18n('en');
    const t = i18n.t.bind(i18n);
    expect(callErrorText(t, { code: 'RATE_LIMITED' })).toBe(t('error.RATE_LIMITED'));
    expect(callErrorText(t, { code: 'RATE_LIMITED', retryAfterSeconds: 60 })).toBe(
      `${t('error.RATE_LIMITED')} ${t('retryAfter', { count: 60 })}`,
    );
  });
});

describe('FormProblems', () => {
  function fakeCall(error: IpcError | null): KioskCall & { retries: number } {
    const call = {
      busy: false,
      error,
      retries: 0,
      run: () => Promise.resolve(null),
      retry: () => {
        call.retries++;
        return Promise.resolve();
      },
      clearError: () => undefined,
    };
    return call;
  }

  it('adds "cannot be reached" with Try again, which repeats the call, when the gateway is unreachable', async () => {
    const user = userEvent.setup();
    const call = fakeCall({ code: 'GATEWAY_UNREACHABLE' });
    withWords(<FormProblems items={[]} attempt={1} call={call} />);
    const alert = screen.getByRole('alert');
    expect(alert.className).toContain('esr-gateway-problem');
    await user.click(within(alert).getByRole('button'));
    expect(call.retries).toBe(1);
  });

  it('shows only the summary for other errors', () => {
    withWords(<FormProblems items={ITEMS.slice(3)} attempt={1} call={fakeCall({ code: 'INTERNAL' })} />);
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.getByRole('alert').textContent).toContain('The ESR service is busy');
  });

  it('takes an explicit unreachable error and retry (the PIN screen retries without the PIN)', async () => {
    const user = userEvent.setup();
    let retried = 0;
    withWords(
      <FormProblems
        items={[]}
        attempt={0}
        call={fakeCall(null)}
        unreachable={{ code: 'GATEWAY_TIMEOUT' }}
        onRetry={() => {
          retried++;
        }}
      />,
    );
    await act(async () => {
      await user.click(within(screen.getByRole('alert')).getByRole('button'));
    });
    expect(retried).toBe(1);
  });
});
