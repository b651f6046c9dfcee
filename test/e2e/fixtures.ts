// Playwright fixtures: one real kiosk stack per worker (pcscd + virtual cards, gateway + SMTP,
// kiosk core + browser host), a page on the kiosk, and helpers that check each screen with axe
// and save its screenshot: to test-results/screenshots/ on an ordinary run (so `npm test`
// leaves the tree clean), to docs/screenshots/ (the README's pictures) only when
// ESR_UPDATE_SCREENSHOTS=1 (see test/e2e/README.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { REPO_ROOT, startKioskStack, type KioskStack } from '../support/kiosk/kiosk-stack';

/** Where `checkScreen` writes: the committed docs/screenshots only when asked to update them. */
export function screenshotDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['ESR_UPDATE_SCREENSHOTS'] === '1'
    ? path.join(REPO_ROOT, 'docs/screenshots')
    : path.join(REPO_ROOT, 'test-results/screenshots');
}
export const SCREENSHOT_DIR = screenshotDir();
// Not test-results/: Playwright empties that at the start of every run.
export const RESULTS_DIR = path.join(REPO_ROOT, 'artifacts');

export const ALEX = { username: '23412345', pin: '123456', name: 'Alex Morgan', email: 'alex.morgan@nhs.net', dob: '1985-04-12', password: 'Ward7Blue' };
export const PRIYA = { username: '23498765', pin: '24681357', name: 'Priya Shah', email: 'priya.shah@nhs.net', dob: '1990-11-03' };
export const SAM = { username: '23455501', name: 'Sam Taylor', email: 'sam.taylor@nhs.net', dob: '1978-02-28' };
export const JORDAN = { username: '23477702', pin: '975310' };

interface WorkerFixtures {
  stack: KioskStack;
  idle: { timeoutSeconds: number; warningSeconds: number } | undefined;
  variant: 'not-enrolled' | 'config-error' | undefined;
}
interface TestFixtures {
  kiosk: Page;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  idle: [undefined, { scope: 'worker', option: true }],
  variant: [undefined, { scope: 'worker', option: true }],
  stack: [
    async ({ idle, variant }, use) => {
      const stack = await startKioskStack({ browserHost: true, ...(idle ? { idle } : {}), ...(variant ? { variant } : {}) });
      await use(stack);
      await stack.close();
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  kiosk: async ({ page, stack }, use) => {
    // Every test starts at the card prompt with no card in the reader.
    if (stack.pcsc.card(0) !== null) await stack.remove(0);
    await stack.core.handlers['session:sign-out'](null);
    await page.goto(stack.host!.url);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await use(page);
  },
});

export { expect };

/** Axe (WCAG 2.0/2.1/2.2 A and AA) on the current screen, then its screenshot. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe on ${name}`).toEqual([]);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export async function heading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor({ state: 'visible' });
}

/**
 * Resolves as soon as the page shows an h1 matching `pattern` (a MutationObserver in the page,
 * not Playwright's back-off polling, which would add up to 500 ms to a measurement). Start it
 * before the action whose latency is measured.
 */
export function headingShown(page: Page, pattern: RegExp): Promise<number> {
  // Resolves with this worker's performance.now() at the moment the answer arrives, so an
  // action awaited after it starts cannot stretch the measurement.
  return page.evaluate(
    ({ source, flags }) =>
      new Promise<void>((resolve) => {
        const re = new RegExp(source, flags);
        const check = () => {
          const h1 = document.querySelector('h1');
          if (h1 && re.test(h1.textContent)) {
            observer.disconnect();
            resolve();
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        check();
      }),
    { source: pattern.source, flags: pattern.flags },
  ).then(() => performance.now());
}

/** Insert a card and type its PIN: ends on the signed-in screen. */
export async function cardLogin(page: Page, stack: KioskStack, user: { username: string; pin: string }): Promise<void> {
  await stack.insert(user.username);
  await heading(page, 'Enter your PIN');
  await page.getByLabel('Smart card PIN').fill(user.pin);
  await page.getByRole('button', { name: 'Continue' }).click();
  await heading(page, /^Hello /);
}

export function recordTiming(name: string, ms: number): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const line = JSON.stringify({ name, ms: Math.round(ms * 10) / 10, at: new Date().toISOString() });
  writeFileSync(path.join(RESULTS_DIR, 'e2e-timings.jsonl'), `${line}\n`, { flag: 'a' });
  console.log(`timing ${name}: ${ms.toFixed(1)} ms`);
}
