// Idle timeout with a visible countdown, then the same wipe as a card removal. This file runs
// its own stack with a short idle timer (the policy floor of 30 s is checked by config tests).
import { VirtualPivCard } from '../support/card/piv-card';
import { ALEX, cardLogin, checkScreen, expect, heading, test } from './fixtures';

test.use({ idle: { timeoutSeconds: 8, warningSeconds: 5 } });

test('the idle warning counts down, "still here" keeps the session, then it times out', async ({ kiosk: page, stack }) => {
  await cardLogin(page, stack, ALEX);
  await page.getByRole('button', { name: 'Manage Internet Access' }).click();
  await heading(page, 'Manage Internet Access');
  const dialog = page.getByRole('alertdialog').or(page.getByRole('dialog'));
  await expect(dialog.getByText(/You will be signed out in \d+ seconds?/).first()).toBeVisible({ timeout: 10_000 });
  await checkScreen(page, '17-idle-warning');
  await dialog.getByRole('button', { name: 'I’m still here' }).click();
  await expect(dialog).toHaveCount(0);
  await heading(page, 'Manage Internet Access');

  await expect(dialog.getByText(/You will be signed out in/).first()).toBeVisible({ timeout: 10_000 });
  // The card is still in the reader: the prompt asks for it to be taken out, and the card is no
  // longer PIN-verified for whoever comes next.
  await heading(page, 'Remove your smart card');
  await expect(page.getByText('You were signed out because the kiosk was not used for a while.')).toBeVisible({ timeout: 10_000 });
  await checkScreen(page, '18-idle-timed-out');
  const card = stack.pcsc.card(0);
  if (!(card instanceof VirtualPivCard)) throw new Error('no virtual PIV card in reader 0');
  await expect.poll(() => card.pinVerified, { timeout: 10_000 }).toBe(false);

  // Its owner can carry on, but only with the PIN again.
  await page.getByRole('button', { name: 'Use this card again' }).click();
  await heading(page, 'Enter your PIN');
  await expect(page.getByLabel('Smart card PIN')).toHaveValue('');
  await page.getByLabel('Smart card PIN').fill(ALEX.pin);
  await page.getByRole('button', { name: 'Continue' }).click();
  await heading(page, /^Hello /);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await heading(page, 'Remove your smart card');
  await stack.remove();
  await heading(page, 'Insert your smart card');
  await expect(page.getByText('You have signed out.')).toBeVisible();
});
