// Each password rule failing, and passwords that do not match: said per rule, nothing lost.
import { ALEX, cardLogin, checkScreen, expect, heading, test } from './fixtures';

const FAILING: readonly { password: string; message: RegExp }[] = [
  { password: 'Ab1x', message: /at least 8 characters/ },
  { password: 'Abcxyzqwe', message: /at least 1 number/ },
  { password: '73829164', message: /at least 1 letter/ },
  { password: 'Paass7word', message: /repeat a character straight away/ },
  { password: 'Xabcd7qz', message: /characters in a row/ },
  { password: `Z${ALEX.username}q`, message: /must not include your username/ },
  { password: 'Password1', message: /too common/ },
  { password: 'Qx7mPz2\u00e9', message: /only use letters, numbers, spaces and keyboard symbols/ },
];

test('every failing rule is named, and mismatched passwords are caught', async ({ kiosk: page, stack }) => {
  await cardLogin(page, stack, ALEX);
  await page.getByRole('button', { name: 'Manage Internet Access' }).click();
  await page.getByRole('button', { name: 'Reset Password' }).click();
  await heading(page, 'Reset your internet password');

  for (const { password, message } of FAILING) {
    await page.getByLabel('New password', { exact: true }).fill(password);
    await page.getByLabel('Enter password again').fill(password);
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect(page.getByRole('alert').or(page.locator('.nhsuk-error-summary')).getByText(message).first()).toBeVisible();
    await heading(page, 'Reset your internet password');
  }

  // Only the gateway knows the history: its 422 is shown per rule too.
  await page.getByLabel('New password', { exact: true }).fill(ALEX.password);
  await page.getByLabel('Enter password again').fill(ALEX.password);
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByText(/must not be one of your last 5 passwords/).first()).toBeVisible();
  await checkScreen(page, '06c-reset-password-gateway-refused');

  await page.getByLabel('New password', { exact: true }).fill('Qx7mPz2k');
  await page.getByLabel('Enter password again').fill('Qx7mPz2j');
  await page.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByText('The passwords do not match').first()).toBeVisible();
  await expect(page.getByLabel('New password', { exact: true })).toHaveValue('Qx7mPz2k');
});
