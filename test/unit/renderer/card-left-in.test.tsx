// The card prompt after a sign-out or idle timeout with the card still in the reader: it asks
// for the card to be taken out, offers "Use this card again" (main reads it afresh and asks for
// the PIN), and turns back into "Insert your smart card" once the card is out.

import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeKiosk, TEST_INFO } from './support/fake-kiosk-api';
import { heading1, moveTo, renderKiosk } from './support/render-kiosk';

describe('a card left in the reader', () => {
  it('asks for the card to be taken out, says why the session ended, and focuses the heading', async () => {
    await renderKiosk({ name: 'waiting-for-card', lastEnd: 'idle-timeout', cardInReader: true });
    expect(heading1().textContent).toMatch(/remove your smart card/i);
    expect(document.activeElement).toBe(heading1());
    expect(screen.getByText(/not used for a while/i)).toBeTruthy();
    expect(screen.getByText(/still in the reader/i)).toBeTruthy();
    expect(screen.queryByText(/insert your smart card/i)).toBeNull();
    // Staff without a card can still sign in.
    expect(screen.getByRole('button', { name: /sign in with username and password/i })).toBeTruthy();
  });

  it('"Use this card again" asks main once to read the card afresh', async () => {
    const { fake, user } = await renderKiosk({ name: 'waiting-for-card', lastEnd: 'signed-out', cardInReader: true });
    await user.click(screen.getByRole('button', { name: /use this card again/i }));
    expect(fake.callsTo('useCardAgain')).toEqual([null]);
    moveTo(fake, { name: 'reading-card', step: 'connecting-card' });
    moveTo(fake, { name: 'pin-entry', triesLeft: 3, pinPad: false });
    expect(heading1().textContent).toMatch(/enter your pin/i);
    expect(screen.getByLabelText<HTMLInputElement>(/smart card pin/i).value).toBe('');
  });

  it('once the card is out the prompt says "Insert your smart card" and its heading takes focus', async () => {
    const { fake } = await renderKiosk({ name: 'waiting-for-card', lastEnd: 'signed-out', cardInReader: true });
    moveTo(fake, { name: 'waiting-for-card', lastEnd: 'signed-out' });
    await waitFor(() => expect(heading1().textContent).toMatch(/insert your smart card/i));
    expect(document.activeElement).toBe(heading1());
    expect(screen.queryByRole('button', { name: /use this card again/i })).toBeNull();
    expect(screen.getByText(/you have signed out/i)).toBeTruthy();
  });

  it('in Welsh too', async () => {
    const state = { name: 'waiting-for-card', lastEnd: 'signed-out', cardInReader: true } as const;
    const fake = createFakeKiosk(state);
    fake.info = { ...TEST_INFO, language: 'cy' };
    await renderKiosk(state, { fake, language: 'cy' });
    expect(heading1().textContent).toMatch(/tynnwch eich cerdyn clyfar allan/i);
    expect(screen.getByRole('button', { name: /defnyddio’r cerdyn hwn eto/i })).toBeTruthy();
  });
});
