// The gateway goes away between PIN and login, comes back, and "Try again" finishes the login
// without the PIN being typed (or sent) again.
import { ALEX, checkScreen, expect, heading, test } from './fixtures';

test('gateway down then back: nothing lost, retry signs in', async ({ kiosk: page, stack }) => {
  await stack.insert(ALEX.username);
  await heading(page, 'Enter your PIN');
  await stack.link.down();
  try {
    await page.getByLabel('Smart card PIN').fill(ALEX.pin);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText('The ESR service cannot be reached').first()).toBeVisible({ timeout: 20_000 });
    await checkScreen(page, '12-gateway-unreachable');
  } finally {
    await stack.link.up();
  }
  const verifiesBefore = stack.pcsc.apduLog().filter((e) => e.command[1] === 0x20 && e.command.length > 5).length;
  await page.getByRole('button', { name: 'Try again' }).first().click();
  await heading(page, /^Hello /);
  const verifiesAfter = stack.pcsc.apduLog().filter((e) => e.command[1] === 0x20 && e.command.length > 5).length;
  expect(verifiesAfter).toBe(verifiesBefore);
});
