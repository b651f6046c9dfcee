// Forgot username (the email arrives) and forgot password (link → set password → sign in).
import { SAM, checkScreen, expect, heading, test } from './fixtures';

async function fillDetails(page: import('@playwright/test').Page, email: string, dob: string) {
  const [year, month, day] = dob.split('-');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Day').fill(String(Number(day)));
  await page.getByLabel('Month').fill(String(Number(month)));
  await page.getByLabel('Year').fill(year!);
  await page.getByRole('button', { name: 'Send email' }).click();
}

async function openForgot(page: import('@playwright/test').Page) {
  await page.getByRole('link', { name: 'Forgot username or password' }).or(page.getByRole('button', { name: 'Forgot username or password' })).click();
  await heading(page, 'Forgot username or password');
}

test('forgot username: the username is emailed to the trust address', async ({ kiosk: page, stack }) => {
  await openForgot(page);
  await checkScreen(page, '13-forgot');
  await page.getByRole('link', { name: 'I forgot my username' }).or(page.getByRole('button', { name: 'I forgot my username' })).or(page.getByLabel('I forgot my username')).first().click();
  await heading(page, 'Get your ESR username by email');
  await checkScreen(page, '14-forgot-username');
  await fillDetails(page, SAM.email, SAM.dob);
  await heading(page, 'Check your email');
  await expect(page.getByText(/If these details match an account, we will email your username/)).toBeVisible();
  await checkScreen(page, '15-forgot-sent');
  const [mail] = await stack.smtp.waitFor((m) => m.to.includes(SAM.email));
  expect(mail!.text).toContain(SAM.username);
});

test('forgot password: the emailed link sets a password that then signs in', async ({ kiosk: page, stack, browser }) => {
  await openForgot(page);
  await page.getByRole('link', { name: 'I forgot my password' }).or(page.getByRole('button', { name: 'I forgot my password' })).or(page.getByLabel('I forgot my password')).first().click();
  await heading(page, 'Reset your password by email');
  await checkScreen(page, '16-forgot-password');
  await fillDetails(page, SAM.email, SAM.dob);
  await heading(page, 'Check your email');
  const [mail] = await stack.smtp.waitFor((m) => m.to.includes(SAM.email) && /\/reset\//.test(m.text));
  const link = /https:\/\/\S+\/reset\/[A-Za-z0-9_-]+/.exec(mail!.text)?.[0];
  expect(link).toBeTruthy();

  // The link is the gateway's own page (its test TLS CA is not in Chromium's store).
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const resetPage = await context.newPage();
  // The mail links to the gateway's public address; in the sandbox it listens on a random port.
  const linkUrl = new URL(link!);
  await resetPage.goto(new URL(linkUrl.pathname + linkUrl.search, stack.gateway.url).toString());
  await resetPage.getByRole('heading', { name: 'Set your password' }).waitFor();
  await resetPage.getByLabel('New password', { exact: true }).fill('Tide4Mare');
  await resetPage.getByLabel('Enter the new password again').fill('Tide4Mare');
  await resetPage.getByRole('button', { name: 'Set password' }).click();
  await resetPage.getByRole('heading', { name: 'Your password has been set' }).waitFor().catch(async (error: unknown) => {
    console.log('reset page:', resetPage.url(), (await resetPage.locator('main').innerText().catch(() => '')).slice(0, 600));
    throw error;
  });
  await context.close();

  await page.getByRole('link', { name: /Back to the start|Back/ }).or(page.getByRole('button', { name: /Back to the start|Back/ })).first().click();
  await heading(page, 'Insert your smart card');
  await page.getByRole('link', { name: 'Sign in with username and password' }).or(page.getByRole('button', { name: 'Sign in with username and password' })).click();
  await page.getByLabel('ESR username').fill(SAM.username);
  await page.getByLabel('Password', { exact: true }).fill('Tide4Mare');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, /^Hello /);
});
