// Welsh on every screen of the card flow, switchable from each.
import { ALEX, checkScreen, expect, test } from './fixtures';

test('switch to Welsh and sign in with a card', async ({ kiosk: page, stack }) => {
  await page.getByRole('button', { name: /Cymraeg/ }).or(page.getByRole('link', { name: /Cymraeg/ })).first().click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'cy');
  await checkScreen(page, '20-welsh-insert-card');
  await stack.insert(ALEX.username);
  await expect(page.getByLabel(/PIN/)).toBeVisible();
  await checkScreen(page, '21-welsh-pin-entry');
  await page.getByLabel(/PIN/).fill(ALEX.pin);
  await page.locator('form button[type=submit]').click();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText(/Enter your PIN|You are signed in/);
  await page.getByRole('button', { name: /English/ }).or(page.getByRole('link', { name: /English/ })).first().click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
