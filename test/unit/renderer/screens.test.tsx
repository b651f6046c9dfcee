// One screen per SessionState: each draws its own heading, which takes focus, and shows the
// facts main put in the state.

import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SessionState, SessionStateName } from '../../../src-main/shared/ipc-contract';
import { TEST_INFO } from './support/fake-kiosk-api';
import { heading1, moveTo, renderKiosk } from './support/render-kiosk';

const person = { displayName: 'Alex Morgan', username: '234567890' };

const STATES: Record<SessionStateName, { state: SessionState; heading: RegExp; shows?: RegExp[] }> = {
  starting: { state: { name: 'starting' }, heading: /starting the kiosk/i },
  'config-error': {
    state: {
      name: 'config-error',
      problems: [{ setting: 'gatewayUrl', source: 'policy-machine', allowed: 'an https:// URL' }],
    },
    heading: /not set up correctly/i,
    shows: [/gatewayUrl/, /Windows policy \(computer\)/, /an https:\/\/ URL/],
  },
  'not-enrolled': { state: { name: 'not-enrolled' }, heading: /this computer is not enrolled/i, shows: [/for IT/i] },
  'no-reader': { state: { name: 'no-reader' }, heading: /connect a smart card reader/i },
  'waiting-for-card': {
    state: { name: 'waiting-for-card' },
    heading: /insert your smart card/i,
    shows: [/sign in with username and password/i, /forgot username or password/i],
  },
  'reading-card': {
    state: { name: 'reading-card', step: 'reading-certificate' },
    heading: /reading your smart card/i,
    shows: [/reading your card certificate/i],
  },
  'pin-entry': { state: { name: 'pin-entry', triesLeft: 3, pinPad: false }, heading: /enter your pin/i },
  verifying: {
    state: { name: 'verifying', step: 'contacting-gateway' },
    heading: /checking your details/i,
    shows: [/contacting the ESR service/i],
  },
  'card-blocked': {
    state: { name: 'card-blocked' },
    heading: /your smart card is blocked/i,
    shows: [new RegExp(TEST_INFO.supportContact)],
  },
  'card-refused': {
    state: { name: 'card-refused', code: 'CERTIFICATE_UNTRUSTED' },
    heading: /cannot be used to sign in/i,
    shows: [/not issued by an organisation the ESR service trusts/i],
  },
  'signed-in': {
    state: { name: 'signed-in', person, method: 'card' },
    heading: /hello alex morgan/i,
    shows: [/manage internet access/i],
  },
  'manage-internet-access': {
    state: { name: 'manage-internet-access', person, method: 'card', status: 'active', passwordChangedAt: null },
    heading: /manage internet access/i,
    shows: [/reset password/i, /never set/i],
  },
  'reset-password': {
    state: { name: 'reset-password', person, method: 'card' },
    heading: /reset your internet password/i,
  },
  'reset-done': {
    state: { name: 'reset-done', person, method: 'card' },
    heading: /your password has been changed/i,
    shows: [/remember your username and password/i],
  },
};

describe('a screen for every session state', () => {
  for (const [name, { state, heading, shows }] of Object.entries(STATES)) {
    it(`${name}: draws its heading, focuses it, and shows its facts`, async () => {
      const { fake } = await renderKiosk({ name: 'waiting-for-card' });
      moveTo(fake, state);
      // findBy: the reset-password screen is loaded on first use (lazy chunk).
      expect((await screen.findByRole('heading', { level: 1, name: heading })).textContent).toMatch(heading);
      expect(document.activeElement).toBe(heading1());
      for (const text of shows ?? []) expect(screen.getAllByText(text).length).toBeGreaterThan(0);
    });
  }
});

describe('screen details', () => {
  it('the ESR username is shown large on Manage Internet Access, with status and last change', async () => {
    await renderKiosk({
      name: 'manage-internet-access',
      person,
      method: 'password',
      status: 'locked',
      passwordChangedAt: '2026-03-15T10:30:00Z',
    });
    expect(screen.getByTestId('esr-username').textContent).toBe('234567890');
    expect(screen.getByTestId('esr-username').className).toContain('esr-username');
    expect(screen.getByTestId('access-status').textContent).toMatch(/locked/i);
    expect(screen.getByText(/15 March 2026/)).toBeTruthy();
  });

  it('the username is repeated on the reset-done screen', async () => {
    await renderKiosk({ name: 'reset-done', person, method: 'card' });
    expect(screen.getByTestId('esr-username').textContent).toBe('234567890');
  });

  it.each([
    ['card-removed', /smart card was removed/i],
    ['idle-timeout', /not used for a while/i],
    ['signed-out', /you have signed out/i],
    ['password-changed', /password was changed/i],
    ['session-expired', /session ended/i],
  ] as const)('the card prompt says why the last session ended: %s', async (lastEnd, text) => {
    await renderKiosk({ name: 'waiting-for-card', lastEnd });
    expect(screen.getByText(text)).toBeTruthy();
  });

  it('Manage Internet Access and Reset Password call main; Sign out signs out', async () => {
    const { fake, user } = await renderKiosk({ name: 'signed-in', person, method: 'card' });
    await user.click(screen.getByRole('button', { name: /manage internet access/i }));
    expect(fake.callsTo('openInternetAccess')).toHaveLength(1);
    moveTo(fake, { name: 'manage-internet-access', person, method: 'card', status: 'active', passwordChangedAt: null });
    await user.click(screen.getByRole('button', { name: /reset password/i }));
    expect(fake.callsTo('startPasswordReset')).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: /sign out/i }));
    expect(fake.callsTo('signOut')).toHaveLength(1);
  });

  it('gateway unreachable on a button keeps the screen and offers Try again, which repeats the call', async () => {
    const { fake, user } = await renderKiosk({ name: 'signed-in', person, method: 'card' });
    fake.respond('openInternetAccess', () => ({ ok: false, error: { code: 'GATEWAY_UNREACHABLE' } }));
    await user.click(screen.getByRole('button', { name: /manage internet access/i }));
    expect(await screen.findByRole('heading', { name: /the ESR service cannot be reached/i })).toBeTruthy();
    expect(heading1().textContent).toMatch(/hello alex morgan/i);
    fake.respond('openInternetAccess', () => ({ ok: true, value: null }));
    await user.click(screen.getByRole('button', { name: /try again/i }));
    expect(fake.callsTo('openInternetAccess')).toHaveLength(2);
  });
});
