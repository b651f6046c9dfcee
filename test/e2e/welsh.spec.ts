// Welsh: switch on the card prompt and stay in Welsh through a card login to the username and
// reset screens (each axe-checked), then back to English from there.
import { ALEX, checkScreen, expect, heading, test } from './fixtures';

test('switch to Welsh and sign in with a card, through to the reset screen', async ({ kiosk: page, stack }) => {
  await page.getByRole('button', { name: /Cymraeg/ }).or(page.getByRole('link', { name: /Cymraeg/ })).first().click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'cy');
  await heading(page, 'Rhowch eich cerdyn clyfar i mewn');
  await checkScreen(page, '20-welsh-insert-card');

  await stack.insert(ALEX.username);
  await heading(page, 'Rhowch eich PIN');
  await checkScreen(page, '21-welsh-pin-entry');
  await page.getByLabel(/PIN/).fill(ALEX.pin);
  await page.getByRole('button', { name: 'Parhau' }).click();
  await heading(page, `Helo ${ALEX.name}`);
  await page.getByRole('button', { name: 'Rheoli Mynediad i’r Rhyngrwyd' }).click();
  await heading(page, 'Rheoli Mynediad i’r Rhyngrwyd');
  await expect(page.getByText(ALEX.username, { exact: true })).toBeVisible();
  await checkScreen(page, '22-welsh-manage-internet-access');
  await page.getByRole('button', { name: 'Ailosod Cyfrinair' }).click();
  await heading(page, 'Ailosod eich cyfrinair rhyngrwyd');
  await checkScreen(page, '23-welsh-reset-password');

  await page.getByRole('button', { name: /English/ }).or(page.getByRole('link', { name: /English/ })).first().click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await heading(page, 'Reset your internet password');
});
