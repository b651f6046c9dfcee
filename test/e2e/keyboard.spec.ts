// Keyboard only: a card login to a new internet password with Tab, typing and Enter; focus moves
// to each new screen's heading (WCAG 2.4.3), and every control is reached in order.
import type { Page } from '@playwright/test';
import { ALEX, expect, heading, test } from './fixtures';

async function focusedHeading(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el?.tagName === 'H1' ? el.textContent : `not a heading: ${el?.tagName ?? 'none'}`;
  });
}

/** Tab until the focused element has this accessible text (at most 15 presses). */
async function tabTo(page: Page, text: RegExp): Promise<void> {
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('Tab');
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const id = el.getAttribute('id');
      const label = id ? document.querySelector(`label[for="${id}"]`)?.textContent : null;
      return `${label ?? ''} ${el.getAttribute('aria-label') ?? ''} ${el.innerText}`.trim();
    });
    if (text.test(label)) return;
  }
  throw new Error(`Tab never reached ${String(text)}`);
}

test('a card login and a new password with the keyboard alone', async ({ kiosk: page, stack }) => {
  await stack.insert(ALEX.username);
  await heading(page, 'Enter your PIN');
  await expect.poll(() => focusedHeading(page)).toBe('Enter your PIN');
  await tabTo(page, /Smart card PIN/);
  await page.keyboard.type(ALEX.pin);
  await page.keyboard.press('Enter');

  await heading(page, /^Hello /);
  await expect.poll(() => focusedHeading(page)).toMatch(/^Hello /);
  await tabTo(page, /Manage Internet Access/);
  await page.keyboard.press('Enter');

  await heading(page, 'Manage Internet Access');
  await expect.poll(() => focusedHeading(page)).toBe('Manage Internet Access');
  await tabTo(page, /Reset Password/);
  await page.keyboard.press('Enter');

  await heading(page, 'Reset your internet password');
  await expect.poll(() => focusedHeading(page)).toBe('Reset your internet password');
  await tabTo(page, /New password/);
  await page.keyboard.type('Kb4dPine');
  await tabTo(page, /Enter password again/);
  await page.keyboard.type('Kb4dPine');
  await page.keyboard.press('Enter');

  await heading(page, 'Your password has been changed');
  await expect.poll(() => focusedHeading(page)).toBe('Your password has been changed');
  await tabTo(page, /Finish and sign out/);
  await page.keyboard.press('Enter');
  await heading(page, 'Remove your smart card');
  await expect.poll(() => focusedHeading(page)).toBe('Remove your smart card');
});
