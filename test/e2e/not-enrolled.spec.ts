// A computer IT has not enrolled: the kiosk says so and never starts a card flow.
import { checkScreen, expect, heading, test } from './fixtures';

test.use({ variant: 'not-enrolled' });

test('not enrolled: explained, and a card does nothing', async ({ kiosk: page, stack }) => {
  await heading(page, 'This computer is not enrolled');
  await checkScreen(page, '19-not-enrolled');
  await stack.insert('23412345');
  await page.waitForTimeout(1_500);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This computer is not enrolled');
  expect(stack.pcsc.apduLog()).toHaveLength(0);
});
