// Wrong PIN then right; three wrong PINs block the card; a card the gateway refuses.
import { ALEX, JORDAN, PRIYA, checkScreen, expect, heading, test } from './fixtures';

test('a wrong PIN shows the tries left, then the right PIN signs in', async ({ kiosk: page, stack }) => {
  await stack.insert(ALEX.username);
  await heading(page, 'Enter your PIN');
  await page.getByLabel('Smart card PIN').fill('999999');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText('The PIN is not correct. You have 2 tries left.').first()).toBeVisible();
  await expect(page.getByLabel('Smart card PIN')).toHaveValue('');
  await checkScreen(page, '03b-pin-wrong');
  await page.getByLabel('Smart card PIN').fill(ALEX.pin);
  await page.getByRole('button', { name: 'Continue' }).click();
  await heading(page, /^Hello /);
});

test('three wrong PINs block the card, and the screen says how to get it unlocked', async ({ kiosk: page, stack }) => {
  await stack.insert(PRIYA.username);
  await heading(page, 'Enter your PIN');
  for (const left of [2, 1]) {
    await page.getByLabel('Smart card PIN').fill('11112222');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByText(new RegExp(`You have ${left} tr(y|ies) left`)).first()).toBeVisible();
  }
  await checkScreen(page, '03c-pin-last-try');
  await page.getByLabel('Smart card PIN').fill('11112222');
  await page.getByRole('button', { name: 'Continue' }).click();
  await heading(page, 'Your smart card is blocked');
  await expect(page.getByText(/To get your card unlocked/)).toBeVisible();
  await checkScreen(page, '08-card-blocked');
  await stack.remove();
  await heading(page, 'Insert your smart card');
});

test('a card whose holder is inactive is refused by the gateway', async ({ kiosk: page, stack }) => {
  await stack.insert(JORDAN.username);
  await heading(page, 'Enter your PIN');
  await page.getByLabel('Smart card PIN').fill(JORDAN.pin);
  await page.getByRole('button', { name: 'Continue' }).click();
  await heading(page, 'This smart card cannot be used to sign in');
  await checkScreen(page, '09-card-refused');
});
