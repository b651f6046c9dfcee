// PIN entry: masked and numeric, checked before it is sent, sent once, tries left after a
// wrong PIN, the PIN-pad variant, and card removal wiping what was typed.

import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../../src-main/shared/ipc-contract';
import { validatePin } from '../../../src-renderer/screens/PinEntryScreen';
import { heading1, moveTo, renderKiosk } from './support/render-kiosk';

const PIN: SessionState = { name: 'pin-entry', triesLeft: 3, pinPad: false };

function pinInput(): HTMLInputElement {
  return screen.getByLabelText('Smart card PIN', { selector: 'input' });
}

describe('validatePin', () => {
  it.each([
    ['', 'empty'],
    ['12a4', 'notDigits'],
    ['١٢٣٤', 'notDigits'],
    ['123', 'length'],
    ['123456789', 'length'],
    ['1234', null],
    ['12345678', null],
  ] as const)('%j → %s', (pin, expected) => {
    expect(validatePin(pin)).toBe(expected);
  });
});

describe('PIN entry', () => {
  it('is a masked, numeric field', async () => {
    await renderKiosk(PIN);
    expect(pinInput().type).toBe('password');
    expect(pinInput().inputMode).toBe('numeric');
    expect(pinInput().autocomplete).toBe('off');
    expect(pinInput().maxLength).toBe(8);
  });

  it('checks the PIN before sending it', async () => {
    const { fake, user } = await renderKiosk(PIN);
    await user.type(pinInput(), '12');
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    expect(within(screen.getByRole('alert')).getByText('PIN must be 4 to 8 numbers')).toBeTruthy();
    await user.click(within(screen.getByRole('alert')).getByRole('link'));
    expect(document.activeElement).toBe(pinInput());
    expect(fake.callsTo('verifyPin')).toHaveLength(0);
  });

  it('sends the PIN once and empties the field', async () => {
    const { fake, user } = await renderKiosk(PIN);
    await user.type(pinInput(), '123456{Enter}');
    expect(fake.callsTo('verifyPin')).toEqual([{ pin: '123456' }]);
    expect(pinInput().value).toBe('');
  });

  it('after a wrong PIN shows the tries left, and warns on the last one', async () => {
    const { fake } = await renderKiosk(PIN);
    moveTo(fake, { name: 'verifying', step: 'checking-pin' });
    moveTo(fake, { name: 'pin-entry', triesLeft: 2, pinPad: false, lastError: 'PIN_INCORRECT' });
    expect(within(screen.getByRole('alert')).getByText('The PIN is not correct. You have 2 tries left.')).toBeTruthy();
    expect(document.activeElement?.classList.contains('nhsuk-error-summary')).toBe(true);
    moveTo(fake, { name: 'verifying', step: 'checking-pin' });
    moveTo(fake, { name: 'pin-entry', triesLeft: 1, pinPad: false, lastError: 'PIN_INCORRECT' });
    expect(screen.getByText('The PIN is not correct. You have 1 try left.', { selector: 'a' })).toBeTruthy();
    expect(screen.getByText(/your card will be blocked/)).toBeTruthy();
  });

  it('shows tries left from a failed verifyPin answer too', async () => {
    const { fake, user } = await renderKiosk(PIN);
    fake.respond('verifyPin', () => ({ ok: false, error: { code: 'PIN_INCORRECT', triesLeft: 2 } }));
    await user.type(pinInput(), '0000{Enter}');
    expect(await screen.findByText('The PIN is not correct. You have 2 tries left.', { selector: 'a' })).toBeTruthy();
  });

  it('PIN pad readers: asks for the PIN on the reader, with no field on screen', async () => {
    await renderKiosk({ name: 'pin-entry', triesLeft: 3, pinPad: true });
    expect(heading1().textContent).toBe('Enter your PIN on the card reader');
    expect(document.querySelector('input')).toBeNull();
  });

  it('after gateway trouble offers Try again through main, never resending the PIN', async () => {
    const { fake, user } = await renderKiosk({ name: 'pin-entry', triesLeft: 3, pinPad: false, lastError: 'GATEWAY_UNREACHABLE' });
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(fake.callsTo('retryGateway')).toHaveLength(1);
    expect(fake.callsTo('verifyPin')).toHaveLength(0);
  });

  it('card removal clears the typed PIN at once', async () => {
    const { fake, user } = await renderKiosk(PIN);
    await user.type(pinInput(), '4321');
    act(() => fake.emit('session:ended', { reason: 'card-removed' }));
    // Even before main's next state arrives, the screen has remounted empty.
    expect(pinInput().value).toBe('');
    moveTo(fake, { name: 'waiting-for-card', lastEnd: 'card-removed' });
    expect(screen.queryByLabelText('Smart card PIN')).toBeNull();
  });

  it('Cancel calls card:cancel', async () => {
    const { fake, user } = await renderKiosk(PIN);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(fake.callsTo('cancelCard')).toHaveLength(1);
  });
});
