// Card removed while typing the new password: the input is gone at once, the screen says why,
// and the gateway session is revoked (checked in the gateway's own database).
import { ALEX, cardLogin, checkScreen, expect, heading, headingShown, recordTiming, test } from './fixtures';

test('removing the card while typing a new password wipes it and revokes the session', async ({ kiosk: page, stack }) => {
  const liveBefore = stack.liveSessionCount();
  await cardLogin(page, stack, ALEX);
  await page.getByRole('button', { name: 'Manage Internet Access' }).click();
  await page.getByRole('button', { name: 'Reset Password' }).click();
  await heading(page, 'Reset your internet password');
  await page.getByLabel('New password', { exact: true }).fill('Half7Typ');
  expect(stack.liveSessionCount()).toBe(liveBefore + 1);

  const promptShown = headingShown(page, /^Insert your smart card$/);
  const t0 = performance.now();
  await stack.remove();
  const tPrompt = await promptShown;
  const ended = stack.events.find((e) => e.at >= t0 && e.channel === 'session:ended');
  recordTiming('card-pulled-to-card-prompt', tPrompt - t0);
  if (ended) {
    recordTiming('card-pulled-to-session-ended-event', ended.at - t0);
    recordTiming('session-ended-event-to-card-prompt', tPrompt - ended.at);
  }
  await expect(page.getByText('Your smart card was removed, so you have been signed out.')).toBeVisible();
  await expect(page.getByLabel('New password', { exact: true })).toHaveCount(0);
  await expect(page.locator('input[type=password]')).toHaveCount(0);
  expect(await page.content()).not.toContain('Half7Typ');
  await checkScreen(page, '11-card-removed');

  // Revoked at the gateway in the background.
  await expect.poll(() => stack.liveSessionCount(), { timeout: 5_000 }).toBe(liveBefore);
  const wipe = stack.timings.filter((t) => t.name === 'card-removed-to-wiped').at(-1);
  if (wipe) recordTiming('core-card-removed-to-wiped', wipe.ms);
});
