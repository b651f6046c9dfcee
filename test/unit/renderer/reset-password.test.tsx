// Reset Password: the rules tick live from the shared policy, the two fields must match, the
// gateway's answer is shown per rule, and a gateway outage loses nothing typed.

import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../../src-main/shared/ipc-contract';
import { renderKiosk } from './support/render-kiosk';

const person = { displayName: 'Alex Morgan', username: '234567890' };
const RESET: SessionState = { name: 'reset-password', person, method: 'card' };

function rule(id: string): HTMLElement {
  const item = document.querySelector<HTMLElement>(`[data-rule="${id}"]`);
  if (!item) throw new Error(`no rule ${id} in the checklist`);
  return item;
}

function newPasswordInput(): HTMLInputElement {
  return screen.getByLabelText('New password', { selector: 'input' });
}

function confirmInput(): HTMLInputElement {
  return screen.getByLabelText('Enter password again', { selector: 'input' });
}

describe('reset password', () => {
  it('lists every applicable rule, all pending before anything is typed', async () => {
    await renderKiosk(RESET);
    const items = document.querySelectorAll('[data-rule]');
    expect([...items].map((i) => i.getAttribute('data-rule'))).toEqual([
      'min-length', 'max-length', 'printable-ascii', 'has-letter', 'has-digit',
      'no-immediate-repeat', 'no-sequence', 'not-username', 'not-banned-word', 'not-common',
    ]);
    for (const item of items) expect(item.getAttribute('data-state')).toBe('pending');
    expect(rule('min-length').textContent).toMatch(/at least 8 characters/);
  });

  it('ticks the rules live as the person types, and says the count politely', async () => {
    const { user } = await renderKiosk(RESET);
    await user.type(newPasswordInput(), 'ab');
    expect(rule('has-letter').getAttribute('data-state')).toBe('met');
    expect(rule('has-digit').getAttribute('data-state')).toBe('failed');
    expect(rule('min-length').getAttribute('data-state')).toBe('failed');
    const live = screen.getByTestId('rules-live');
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.textContent).toMatch(/of 10 rules met/);

    await user.type(newPasswordInput(), 'c');
    await user.type(newPasswordInput(), 'd');
    expect(rule('no-sequence').getAttribute('data-state')).toBe('failed');

    await user.clear(newPasswordInput());
    await user.type(newPasswordInput(), 'Harbour7Lime');
    for (const item of document.querySelectorAll('[data-rule]')) {
      expect(`${item.getAttribute('data-rule')}=${item.getAttribute('data-state')}`).toMatch(/=met$/);
    }
    expect(live.textContent).toBe('10 of 10 rules met');
    expect(within(rule('has-digit')).getByText(/\(met\)/)).toBeTruthy();
  });

  it('refuses to send passwords that do not match, and says so on the second field', async () => {
    const { fake, user } = await renderKiosk(RESET);
    await user.type(newPasswordInput(), 'Harbour7Lime');
    await user.type(confirmInput(), 'Harbour7Lima');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    const summary = screen.getByRole('alert');
    expect(within(summary).getByText('The passwords do not match')).toBeTruthy();
    expect(document.activeElement?.classList.contains('nhsuk-error-summary')).toBe(true);
    expect(confirmInput().getAttribute('aria-describedby')).toMatch(/error-message/);
    expect(fake.callsTo('submitNewPassword')).toHaveLength(0);
  });

  it('does not send a password that fails a rule, and names the rule', async () => {
    const { fake, user } = await renderKiosk(RESET);
    await user.type(newPasswordInput(), 'kettle1234');
    await user.type(confirmInput(), 'kettle1234');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(within(screen.getByRole('alert')).getByText(/must not include 4 characters in a row/)).toBeTruthy();
    expect(fake.callsTo('submitNewPassword')).toHaveLength(0);
  });

  it('shows the gateway answer rule by rule, including rules only the gateway checks', async () => {
    const { fake, user } = await renderKiosk(RESET);
    fake.respond('submitNewPassword', () => ({
      ok: false,
      error: { code: 'PASSWORD_POLICY', failedRules: ['not-recent', 'not-banned-word'] },
    }));
    await user.type(newPasswordInput(), 'Harbour7Lime');
    await user.type(confirmInput(), 'Harbour7Lime');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(fake.callsTo('submitNewPassword')).toEqual([{ newPassword: 'Harbour7Lime', confirmPassword: 'Harbour7Lime' }]);
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByText('Password must not be one of your last 5 passwords')).toBeTruthy();
    expect(within(summary).getByText('Password must not include a word that is not allowed')).toBeTruthy();
    expect(rule('not-recent').getAttribute('data-state')).toBe('failed');
    expect(rule('not-banned-word').getAttribute('data-state')).toBe('failed');
    expect(rule('has-digit').getAttribute('data-state')).toBe('met');
    expect(screen.getByText(/did not accept this password/)).toBeTruthy();
  });

  it('keeps both passwords when the gateway is unreachable, and Try again resends them', async () => {
    const { fake, user } = await renderKiosk(RESET);
    fake.respond('submitNewPassword', () => ({ ok: false, error: { code: 'GATEWAY_UNREACHABLE' } }));
    await user.type(newPasswordInput(), 'Harbour7Lime');
    await user.type(confirmInput(), 'Harbour7Lime');
    await user.click(screen.getByRole('button', { name: 'Submit' }));
    expect(await screen.findByRole('heading', { name: /cannot be reached/ })).toBeTruthy();
    expect(newPasswordInput().value).toBe('Harbour7Lime');
    expect(confirmInput().value).toBe('Harbour7Lime');
    fake.respond('submitNewPassword', () => ({ ok: true, value: null }));
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(fake.callsTo('submitNewPassword')).toHaveLength(2);
    expect(fake.callsTo('submitNewPassword')[1]).toEqual({ newPassword: 'Harbour7Lime', confirmPassword: 'Harbour7Lime' });
  });

  it('clears both fields when main ends the session (card removed while typing)', async () => {
    const { fake, user } = await renderKiosk(RESET);
    await user.type(newPasswordInput(), 'Harbour7Li');
    await user.type(confirmInput(), 'Harb');
    const { act } = await import('@testing-library/react');
    act(() => {
      fake.emit('session:ended', { reason: 'card-removed' });
      fake.moveTo({ name: 'waiting-for-card', lastEnd: 'card-removed' });
    });
    expect(document.querySelectorAll('input[type="password"]')).toHaveLength(0);
    expect(screen.getByText(/smart card was removed/i)).toBeTruthy();
    expect(document.body.innerHTML).not.toContain('Harbour');
  });

  it('keeps typed passwords out of every store slice and out of web storage', async () => {
    const { useSessionStore } = await import('../../../src-renderer/store/session-store');
    const { useIdleStore } = await import('../../../src-renderer/store/idle-store');
    const { useLocalScreenStore } = await import('../../../src-renderer/store/local-screen-store');
    const { useConnectionStore } = await import('../../../src-renderer/store/connection-store');
    const { user } = await renderKiosk(RESET);
    await user.type(newPasswordInput(), 'Harbour7Lime');
    await user.type(confirmInput(), 'Harbour7Lime');
    const slices = [useSessionStore, useIdleStore, useLocalScreenStore, useConnectionStore].map((s) => s.getState());
    expect(JSON.stringify(slices)).not.toContain('Harbour7Lime');
    expect(localStorage.length + sessionStorage.length).toBe(0);
  });

  it('uses the policy main sends (a longer minimum, no character twice)', async () => {
    const { createFakeKiosk, TEST_INFO } = await import('./support/fake-kiosk-api');
    const fake = createFakeKiosk(RESET);
    fake.info = { ...TEST_INFO, passwordPolicy: { ...TEST_INFO.passwordPolicy, minLength: 12, forbidAnyRepeatedCharacter: true } };
    const { user } = await renderKiosk(RESET, { fake });
    expect(rule('min-length').textContent).toMatch(/at least 12 characters/);
    await user.type(newPasswordInput(), 'Harbour7Lime');
    expect(rule('no-repeated-character').getAttribute('data-state')).toBe('failed');
  });

  it('Cancel goes back to Manage Internet Access', async () => {
    const { fake, user } = await renderKiosk(RESET);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(fake.callsTo('backToInternetAccess')).toHaveLength(1);
  });
});
