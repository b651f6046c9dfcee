// The main flow: card login → Manage Internet Access → Reset Password → success → sign out →
// sign in by username with the new password. Measures insert → PIN screen and PIN submit →
// username screen in the browser.
import { ALEX, PRIYA, checkScreen, expect, heading, headingShown, recordTiming, test } from './fixtures';

test('card login, reset the internet password, then sign in with it by username', async ({ kiosk: page, stack }) => {
  await checkScreen(page, '01-insert-card');

  // Timings: the harness plugs the card in at tInsert; the core's session:state events carry
  // the same clock (this worker's performance.now()), so the browser's share can be told apart.
  const stateAt = (name: string, after: number) =>
    stack.events.find((e) => e.at >= after && e.channel === 'session:state' && (e.payload as { name: string }).name === name)?.at;
  const pinShown = headingShown(page, /^Enter your PIN$/);
  const tInsert = performance.now();
  await stack.insert(ALEX.username);
  const tPinScreen = await pinShown;
  recordTiming('insert-to-pin-screen', tPinScreen - tInsert);
  recordTiming('insert-to-reading-card-event', (stateAt('reading-card', tInsert) ?? NaN) - tInsert);
  recordTiming('insert-to-pin-entry-event', (stateAt('pin-entry', tInsert) ?? NaN) - tInsert);

  await page.getByLabel('Smart card PIN').fill(ALEX.pin);
  const signedInShown = headingShown(page, /^Hello /);
  const tSubmit = performance.now();
  await page.getByLabel('Smart card PIN').press('Enter');
  const tSignedIn = await signedInShown;
  recordTiming('pin-submit-to-signed-in-screen', tSignedIn - tSubmit);
  const manageShown = headingShown(page, /^Manage Internet Access$/);
  const tManage = performance.now();
  await page.getByRole('button', { name: 'Manage Internet Access' }).press('Enter');
  const tUsername = await manageShown;
  await expect(page.getByText(ALEX.username, { exact: true })).toBeVisible();
  recordTiming('pin-submit-to-signed-in-event', (stateAt('signed-in', tSubmit) ?? NaN) - tSubmit);
  recordTiming('manage-press-to-username-screen', tUsername - tManage);
  // What the person waits for: PIN submit → greeting, plus Manage → username (their own reading
  // time on the greeting screen excluded).
  recordTiming('pin-submit-to-username-screen', tSignedIn - tSubmit + (tUsername - tManage));
  await checkScreen(page, '05-manage-internet-access');

  await page.getByRole('button', { name: 'Reset Password' }).click();
  await heading(page, 'Reset your internet password');
  await checkScreen(page, '06-reset-password');
  const newPassword = 'Qx7mPz2k';
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Enter password again').fill(newPassword);
  await checkScreen(page, '06b-reset-password-rules-met');
  await page.getByRole('button', { name: 'Submit' }).click();
  await heading(page, 'Your password has been changed');
  await expect(page.getByText(ALEX.username, { exact: true })).toBeVisible();
  await checkScreen(page, '07-reset-done');

  // The "your password was changed" email reaches the trust address.
  await expect.poll(() => stack.smtp.messages.filter((m) => m.to.includes(ALEX.email)).length).toBeGreaterThan(0);

  // Signed out with the card still in: the prompt asks for it to be taken out.
  await page.getByRole('button', { name: 'Finish and sign out' }).click();
  await heading(page, 'Remove your smart card');
  await checkScreen(page, '01c-remove-card');
  await stack.remove();
  await heading(page, 'Insert your smart card');

  await page.getByRole('link', { name: 'Sign in with username and password' }).or(page.getByRole('button', { name: 'Sign in with username and password' })).click();
  await heading(page, 'Sign in with username and password');
  await checkScreen(page, '10-password-login');
  await page.getByLabel('ESR username').fill(ALEX.username);
  await page.getByLabel('Password', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, /^Hello /);
  await expect(page.getByText('You signed in with your username and password.')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await heading(page, 'Insert your smart card');
  await checkScreen(page, '01b-signed-out');

  const core = stack.timings.filter((t) => t.name !== 'card-removed-to-wiped');
  for (const t of core) recordTiming(`core-${t.name}`, t.ms);
});

test('a P-256 card signs in too (PIN and signed-in screens checked)', async ({ kiosk: page, stack }) => {
  await stack.insert(PRIYA.username);
  await heading(page, 'Enter your PIN');
  await checkScreen(page, '03-pin-entry');
  await page.getByLabel('Smart card PIN').fill(PRIYA.pin);
  await page.getByRole('button', { name: 'Continue' }).click();
  await heading(page, /^Hello /);
  await checkScreen(page, '04-signed-in');
  await page.getByRole('button', { name: 'Manage Internet Access' }).click();
  await heading(page, 'Manage Internet Access');
  await expect(page.getByText(PRIYA.username, { exact: true })).toBeVisible();
  await expect(page.getByText('No internet password set yet')).toBeVisible();
});
