// English and Welsh: switchable on every screen, `lang` follows, nothing typed is lost, and
// main's language (KioskInfo, kiosk:language) is obeyed.

import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../../src-main/shared/ipc-contract';
import { createFakeKiosk, TEST_INFO } from './support/fake-kiosk-api';
import { heading1, renderKiosk } from './support/render-kiosk';

const person = { displayName: 'Alex Morgan', username: '234567890' };

const SOME_STATES: SessionState[] = [
  { name: 'waiting-for-card' },
  { name: 'pin-entry', triesLeft: 3, pinPad: false },
  { name: 'card-blocked' },
  { name: 'manage-internet-access', person, method: 'card', status: 'active', passwordChangedAt: null },
  { name: 'reset-password', person, method: 'card' },
];

describe('Welsh', () => {
  it.each(SOME_STATES.map((s) => [s.name, s] as const))('can be switched to on %s', async (_name, state) => {
    const { fake, user } = await renderKiosk(state);
    const english = heading1().textContent;
    expect(document.documentElement.lang).toBe('en');
    await user.click(screen.getByRole('button', { name: 'Cymraeg' }));
    expect(document.documentElement.lang).toBe('cy');
    expect(heading1().textContent).not.toBe(english);
    expect(fake.callsTo('setLanguage')).toEqual([{ language: 'cy' }]);
    await user.click(screen.getByRole('button', { name: 'English' }));
    expect(heading1().textContent).toBe(english);
    expect(document.documentElement.lang).toBe('en');
  });

  it('keeps what was typed when the language changes', async () => {
    const { user } = await renderKiosk({ name: 'reset-password', person, method: 'card' });
    await user.type(screen.getByLabelText('New password', { selector: 'input' }), 'Harbour7');
    await user.click(screen.getByRole('button', { name: 'Cymraeg' }));
    const field = screen.getByLabelText('Cyfrinair newydd', { selector: 'input' });
    expect((field as HTMLInputElement).value).toBe('Harbour7');
    expect(document.querySelector('[data-rule="min-length"]')?.textContent).toMatch(/o leiaf 8 nod/);
  });

  it('re-words the errors of a failed submit when the language changes', async () => {
    const { user } = await renderKiosk({ name: 'pin-entry', triesLeft: 3, pinPad: false });
    await user.type(screen.getByLabelText('Smart card PIN', { selector: 'input' }), '12{Enter}');
    expect(screen.getByText('PIN must be 4 to 8 numbers', { selector: 'a' })).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Cymraeg' }));
    expect(screen.getByText('Rhaid i’r PIN fod yn 4 i 8 rhif', { selector: 'a' })).toBeTruthy();
    expect(screen.getByText('Mae problem')).toBeTruthy();
  });

  it('starts in the language main is configured for', async () => {
    const fake = createFakeKiosk({ name: 'waiting-for-card' });
    fake.info = { ...TEST_INFO, language: 'cy' };
    await renderKiosk({ name: 'waiting-for-card' }, { fake });
    expect(await screen.findByRole('heading', { level: 1, name: 'Rhowch eich cerdyn clyfar i mewn' })).toBeTruthy();
    expect(document.documentElement.lang).toBe('cy');
  });

  it('follows kiosk:language from main', async () => {
    const { fake } = await renderKiosk({ name: 'no-reader' });
    act(() => fake.emit('kiosk:language', { language: 'cy' }));
    expect(heading1().textContent).toBe('Cysylltwch ddarllenydd cardiau clyfar');
  });

  it('tries left uses the Welsh plural forms', async () => {
    const state: SessionState = { name: 'pin-entry', triesLeft: 2, pinPad: false, lastError: 'PIN_INCORRECT' };
    const fake = createFakeKiosk(state);
    fake.info = { ...TEST_INFO, language: 'cy' };
    await renderKiosk(state, { fake, language: 'cy' });
    expect(screen.getByText('Nid yw’r PIN yn gywir. Mae gennych 2 gynnig ar ôl.', { selector: 'a' })).toBeTruthy();
  });
});
