// Screens the renderer opens from the card prompt: username + password sign-in, and
// "Forgot username or password" with email + date of birth and the neutral answer.

import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { heading1, moveTo, renderKiosk } from './support/render-kiosk';

describe('sign in with username and password', () => {
  it('opens from the card prompt by keyboard alone, and Back returns', async () => {
    const { user } = await renderKiosk();
    // Focus starts on the heading, so the next Tab reaches the first action after it.
    await user.tab();
    expect(document.activeElement?.textContent).toBe('Sign in with username and password');
    await user.keyboard('{Enter}');
    expect(heading1().textContent).toBe('Sign in with username and password');
    expect(document.activeElement).toBe(heading1());
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(heading1().textContent).toBe('Insert your smart card');
  });

  it('says which fields are missing, then sends both', async () => {
    const { fake, user } = await renderKiosk();
    await user.click(screen.getByRole('button', { name: 'Sign in with username and password' }));
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const summary = screen.getByRole('alert');
    expect(within(summary).getByText('Enter your ESR username')).toBeTruthy();
    expect(within(summary).getByText('Enter your password')).toBeTruthy();
    expect(fake.callsTo('passwordLogin')).toHaveLength(0);
    await user.type(screen.getByLabelText('ESR username', { selector: 'input' }), ' 234000001 ');
    await user.type(screen.getByLabelText('Password', { selector: 'input' }), 'Harbour7Lime{Enter}');
    expect(fake.callsTo('passwordLogin')).toEqual([{ username: '234000001', password: 'Harbour7Lime' }]);
  });

  it('a wrong password is cleared and explained; the username stays', async () => {
    const { fake, user } = await renderKiosk();
    fake.respond('passwordLogin', () => ({ ok: false, error: { code: 'INVALID_CREDENTIALS' } }));
    await user.click(screen.getByRole('button', { name: 'Sign in with username and password' }));
    await user.type(screen.getByLabelText('ESR username', { selector: 'input' }), '234000001');
    await user.type(screen.getByLabelText('Password', { selector: 'input' }), 'wrong{Enter}');
    expect(await screen.findByText('The username or password is not correct.', { selector: 'a' })).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Password', { selector: 'input' }).value).toBe('');
    expect(screen.getByLabelText<HTMLInputElement>('ESR username', { selector: 'input' }).value).toBe('234000001');
  });

  it('shows progress while main signs in, and a second Enter sends nothing more', async () => {
    const { fake, user } = await renderKiosk();
    let finish: (value: { ok: true; value: null }) => void = () => undefined;
    fake.respond('passwordLogin', () => new Promise((resolve) => (finish = resolve)));
    await user.click(screen.getByRole('button', { name: 'Sign in with username and password' }));
    await user.type(screen.getByLabelText('ESR username', { selector: 'input' }), '234000001');
    await user.type(screen.getByLabelText('Password', { selector: 'input' }), 'Harbour7Lime{Enter}');
    expect(screen.getByText('Please wait')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign in' }).hasAttribute('disabled')).toBe(true);
    await user.type(screen.getByLabelText('Password', { selector: 'input' }), '{Enter}');
    expect(fake.callsTo('passwordLogin')).toHaveLength(1);
    const { act } = await import('@testing-library/react');
    await act(async () => {
      finish({ ok: true, value: null });
      await Promise.resolve();
    });
    expect(screen.queryByText('Please wait')).toBeNull();
  });

  it('rate limiting says how long to wait', async () => {
    const { fake, user } = await renderKiosk();
    fake.respond('passwordLogin', () => ({ ok: false, error: { code: 'RATE_LIMITED', retryAfterSeconds: 60 } }));
    await user.click(screen.getByRole('button', { name: 'Sign in with username and password' }));
    await user.type(screen.getByLabelText('ESR username', { selector: 'input' }), '234000001');
    await user.type(screen.getByLabelText('Password', { selector: 'input' }), 'x{Enter}');
    expect(await screen.findByText(/Try again in 60 seconds/, { selector: 'a' })).toBeTruthy();
  });

  it('a card inserted mid-form takes over and the typed password is gone', async () => {
    const { fake, user } = await renderKiosk();
    await user.click(screen.getByRole('button', { name: 'Sign in with username and password' }));
    await user.type(screen.getByLabelText('Password', { selector: 'input' }), 'Harbour7');
    moveTo(fake, { name: 'reading-card', step: 'connecting-card' });
    moveTo(fake, { name: 'waiting-for-card', lastEnd: 'card-removed' });
    expect(heading1().textContent).toBe('Insert your smart card');
    expect(document.body.innerHTML).not.toContain('Harbour7');
  });

  it('is offered on the no-reader screen too (staff without a card)', async () => {
    const { user } = await renderKiosk({ name: 'no-reader' });
    await user.click(screen.getByRole('button', { name: 'Sign in with username and password' }));
    expect(heading1().textContent).toBe('Sign in with username and password');
  });
});

describe('forgot username or password', () => {
  async function openForgot(which: 'I forgot my username' | 'I forgot my password') {
    const rendered = await renderKiosk();
    await rendered.user.click(screen.getByRole('button', { name: 'Forgot username or password' }));
    await rendered.user.click(screen.getByRole('button', { name: which }));
    return rendered;
  }

  it('checks email and date of birth per the NHS patterns before sending', async () => {
    const { fake, user } = await openForgot('I forgot my username');
    expect(heading1().textContent).toBe('Get your ESR username by email');
    await user.type(screen.getByLabelText('Email address', { selector: 'input' }), 'not-an-email');
    await user.type(screen.getByLabelText('Day', { selector: 'input' }), '31');
    await user.click(screen.getByRole('button', { name: 'Send email' }));
    const summary = screen.getByRole('alert');
    expect(within(summary).getByText(/correct format/)).toBeTruthy();
    expect(within(summary).getByText('Date of birth must include a month')).toBeTruthy();
    expect(screen.getByLabelText('Month', { selector: 'input' }).className).toContain('nhsuk-input--error');
    expect(screen.getByLabelText('Day', { selector: 'input' }).className).not.toContain('nhsuk-input--error');
    await user.click(within(summary).getByText('Date of birth must include a month'));
    expect(document.activeElement).toBe(screen.getByLabelText('Month', { selector: 'input' }));
    expect(fake.callsTo('recoverUsername')).toHaveLength(0);
  });

  it('sends the username request with an ISO date and gives the neutral answer', async () => {
    const { fake, user } = await openForgot('I forgot my username');
    await user.type(screen.getByLabelText('Email address', { selector: 'input' }), 'alex.morgan@nhs.net');
    await user.type(screen.getByLabelText('Day', { selector: 'input' }), '5');
    await user.type(screen.getByLabelText('Month', { selector: 'input' }), '3');
    await user.type(screen.getByLabelText('Year', { selector: 'input' }), '1984');
    await user.click(screen.getByRole('button', { name: 'Send email' }));
    expect(fake.callsTo('recoverUsername')).toEqual([{ email: 'alex.morgan@nhs.net', dateOfBirth: '1984-03-05' }]);
    expect(heading1().textContent).toBe('Check your email');
    expect(screen.getByTestId('recovery-answer').textContent).toBe(
      'If these details match an account, we will email your username to you within 15 minutes.',
    );
    expect(document.body.innerHTML).not.toContain('1984');
  });

  it('the password link request gives its own neutral answer', async () => {
    const { fake, user } = await openForgot('I forgot my password');
    await user.type(screen.getByLabelText('Email address', { selector: 'input' }), 'alex.morgan@nhs.net');
    await user.type(screen.getByLabelText('Day', { selector: 'input' }), '29');
    await user.type(screen.getByLabelText('Month', { selector: 'input' }), '2');
    await user.type(screen.getByLabelText('Year', { selector: 'input' }), '1988');
    await user.click(screen.getByRole('button', { name: 'Send email' }));
    expect(fake.callsTo('recoverPassword')).toEqual([{ email: 'alex.morgan@nhs.net', dateOfBirth: '1988-02-29' }]);
    expect(screen.getByTestId('recovery-answer').textContent).toMatch(/If these details match an account.*within 15 minutes/);
    await user.click(screen.getByRole('button', { name: 'Back to the start' }));
    expect(heading1().textContent).toBe('Insert your smart card');
  });

  it('keeps the details when the gateway is unreachable', async () => {
    const { fake, user } = await openForgot('I forgot my password');
    fake.respond('recoverPassword', () => ({ ok: false, error: { code: 'GATEWAY_TIMEOUT' } }));
    await user.type(screen.getByLabelText('Email address', { selector: 'input' }), 'alex.morgan@nhs.net');
    await user.type(screen.getByLabelText('Day', { selector: 'input' }), '1');
    await user.type(screen.getByLabelText('Month', { selector: 'input' }), '1');
    await user.type(screen.getByLabelText('Year', { selector: 'input' }), '1990');
    await user.click(screen.getByRole('button', { name: 'Send email' }));
    expect(await screen.findByRole('heading', { name: /cannot be reached/ })).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Email address', { selector: 'input' }).value).toBe('alex.morgan@nhs.net');
    expect(screen.getByLabelText<HTMLInputElement>('Year', { selector: 'input' }).value).toBe('1990');
  });
});
