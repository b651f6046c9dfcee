// The set-password page in Debian's Chromium (Playwright): the live rule checklist runs under
// the page's strict CSP with no violations, and the page also works with JavaScript off.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from '@playwright/test';
import { ROUTES } from '../../../src-main/shared/gateway-api';
import { person, resetTokenFrom, startAccountsHarness, type AccountsHarness } from './accounts-fixture';

let h: AccountsHarness;
let browser: Browser;
const sam = person('23455501');

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

beforeAll(async () => {
  h = await startAccountsHarness();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser.close();
  await h.close();
});

async function resetLink(): Promise<string> {
  const before = h.smtp.messages.filter((m) => m.subject.startsWith('Set your')).length;
  expect((await h.kiosk.send({ path: ROUTES.recoveryPassword, body: { email: sam.email, dateOfBirth: sam.dateOfBirth } })).status).toBe(202);
  await h.smtp.waitFor((m) => m.subject.startsWith('Set your'), before + 1);
  return `${h.gw.url}/reset/${resetTokenFrom(h.smtp, sam.email)}`;
}

describe('reset page in Chromium', () => {
  it('ticks each rule live, says when the entries differ, and sets the password, with no CSP violation', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/iu.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
    await page.goto(await resetLink());
    await page.getByRole('heading', { name: 'Set your password' }).waitFor();
    const rule = (id: string) => page.locator(`li[data-rule="${id}"]`);

    await page.getByLabel('New password', { exact: true }).fill('aab');
    await expect.poll(() => rule('no-immediate-repeat').getAttribute('class')).toContain('esr-rule--fail');
    expect(await rule('has-letter').getAttribute('class')).toContain('esr-rule--pass');
    expect(await rule('min-length').getAttribute('class')).toContain('esr-rule--fail');
    expect(await page.locator('#password-rules-status').textContent()).toMatch(/^\d+ of \d+ rules met$/u);

    await page.getByLabel('New password', { exact: true }).fill('Tide4Mist');
    await expect.poll(() => page.locator('li.esr-rule--fail').evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')))).toEqual([]);
    await page.getByLabel('Enter the new password again').fill('Tide4Misk');
    await expect.poll(() => page.locator('#confirm-status').textContent()).toBe('The passwords do not match');
    // The script keeps a mismatched form from being sent.
    await page.getByRole('button', { name: 'Set password' }).click();
    expect(page.url()).toContain('/reset/');

    await page.getByLabel('Enter the new password again').fill('Tide4Mist');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('heading', { name: 'Your password has been set' }).waitFor();
    expect(problems, problems.join('\n')).toEqual([]);
    expect((await h.login(sam.username, 'Tide4Mist')).status).toBe(200);
    await context.close();
  });

  it('works with JavaScript turned off: the gateway names the failed rules, then sets the password', async () => {
    const context = await browser.newContext({ ignoreHTTPSErrors: true, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(await resetLink());
    await page.getByLabel('New password', { exact: true }).fill('Tide4Mist');
    await page.getByLabel('Enter the new password again').fill('Tide4Mist');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    expect(await page.locator('li[data-rule="not-recent"]').getAttribute('class')).toContain('esr-rule--fail');

    await page.getByLabel('New password', { exact: true }).fill('Quiet8Brick');
    await page.getByLabel('Enter the new password again').fill('Quiet8Brick');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('heading', { name: 'Your password has been set' }).waitFor();
    expect((await h.login(sam.username, 'Quiet8Brick')).status).toBe(200);
    await context.close();
  });
});
