// The screens between the main ones: no reader (pcscd gone and back, recovered by itself),
// reading the card, checking the details while the gateway hangs (the kiosk's timeout fires,
// nothing typed is lost, and "Try again" finishes without the PIN).
import path from 'node:path';
import { ALEX, checkScreen, expect, heading, headingShown, SCREENSHOT_DIR, test } from './fixtures';

test('pcscd stops: "connect a reader"; it comes back: the card prompt, with no restart', async ({ kiosk: page, stack }) => {
  await stack.pcsc.stopPcscd('SIGTERM');
  try {
    await heading(page, 'Connect a smart card reader');
    await checkScreen(page, '02-no-reader');
  } finally {
    await stack.pcsc.startPcscd();
  }
  await page.getByRole('heading', { level: 1, name: 'Insert your smart card' }).waitFor({ timeout: 20_000 });
});

test('reading the card, then checking the details while the gateway hangs', async ({ kiosk: page, stack }) => {
  // Reading a virtual card can take only milliseconds: a MutationObserver in the page sees the
  // screen however briefly it shows; the picture is taken only if it is still up by then.
  const reading = headingShown(page, /^Reading your smart card$/);
  await stack.insert(ALEX.username);
  await reading;
  const stillReading = page.getByRole('heading', { level: 1, name: 'Reading your smart card' });
  if (await stillReading.isVisible()) await page.screenshot({ path: path.join(SCREENSHOT_DIR, '02b-reading-card.png') });
  await heading(page, 'Enter your PIN');

  await stack.link.stall();
  try {
    await page.getByLabel('Smart card PIN').fill(ALEX.pin);
    await page.getByRole('button', { name: 'Continue' }).click();
    await heading(page, 'Checking your details');
    await checkScreen(page, '03d-verifying');
    await expect(page.getByText('The ESR service cannot be reached').first()).toBeVisible({ timeout: 15_000 });
  } finally {
    await stack.link.up();
  }
  await page.getByRole('button', { name: 'Try again' }).first().click();
  await heading(page, /^Hello /);
});
