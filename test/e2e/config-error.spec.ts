// A configuration with bad values: the kiosk names each one, where it came from and what is
// allowed, and stops there.
import { checkScreen, expect, heading, test } from './fixtures';

test.use({ variant: 'config-error' });

test('config error: every bad setting named', async ({ kiosk: page }) => {
  await heading(page, 'This kiosk is not set up correctly');
  for (const setting of ['gatewayUrl', 'idleTimeoutSeconds', 'language']) {
    await expect(page.getByText(setting, { exact: true }).first()).toBeVisible();
  }
  await checkScreen(page, '19b-config-error');
});
