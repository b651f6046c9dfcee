// Forgot username / forgot password against the real gateway, SQLite file and SMTP catcher:
// the same 202 for everyone, mail that arrives, a reset link that works once for 60 minutes,
// the set-password page with and without JavaScript, unlocking, and no secrets anywhere.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, type GatewayErrorBody } from '../../../src-main/shared/gateway-api';
import { PAGE_CSP } from '../../../server/src/recovery/html-reply';
import { errorCode } from '../../support/server/client';
import { person, resetTokenFrom, secretSurfaces, startAccountsHarness, type AccountsHarness } from './accounts-fixture';

let h: AccountsHarness;
const alex = person('23412345');
const priya = person('23498765');
const sam = person('23455501');
const jordan = person('23477702'); // inactive
const secrets: string[] = [];

beforeAll(async () => {
  h = await startAccountsHarness();
});
afterAll(async () => {
  await h.close();
});

const askUsername = (email: string, dateOfBirth: string) => h.kiosk.send({ path: ROUTES.recoveryUsername, body: { email, dateOfBirth } });
const askReset = (email: string, dateOfBirth: string) => h.kiosk.send({ path: ROUTES.recoveryPassword, body: { email, dateOfBirth } });
const complete = (token: string, newPassword: string) => {
  secrets.push(token, newPassword);
  return h.browser.send<GatewayErrorBody>({ path: ROUTES.recoveryPasswordComplete, device: null, body: { token, newPassword } });
};
const form = (fields: Record<string, string>) =>
  h.browser.send({ path: ROUTES.recoveryPasswordComplete, device: null, rawBody: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' });

async function resetLinkFor(who: { email: string; dateOfBirth: string }): Promise<string> {
  const before = h.smtp.messages.filter((m) => m.to.includes(who.email) && m.subject.startsWith('Set your')).length;
  expect((await askReset(who.email.toUpperCase(), who.dateOfBirth)).status).toBe(202);
  await h.smtp.waitFor((m) => m.to.includes(who.email) && m.subject.startsWith('Set your'), before + 1);
  const token = resetTokenFrom(h.smtp, who.email);
  secrets.push(token);
  return token;
}

describe('forgot username', () => {
  it('mails the username to a match, and answers everyone the same', async () => {
    const known = await askUsername(alex.email, alex.dateOfBirth);
    const unknown = await askUsername('nobody@nhs.net', alex.dateOfBirth);
    const wrongDob = await askUsername(alex.email, '1985-04-13');
    const inactive = await askUsername(jordan.email, jordan.dateOfBirth);
    for (const res of [known, unknown, wrongDob, inactive]) {
      expect(res.status).toBe(202);
      expect(res.text).toBe('{"status":"accepted"}');
    }
    const [mail] = await h.smtp.waitFor((m) => m.subject === 'Your ESR username');
    expect(mail!.to).toEqual([alex.email]);
    expect(mail!.text).toContain(alex.username);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.smtp.messages.filter((m) => m.subject === 'Your ESR username')).toHaveLength(1);
  });

  it('refuses a date that is not a date, unsigned requests and odd fields', async () => {
    expect(errorCode(await askUsername(alex.email, '1985-02-30'))).toBe('VALIDATION_FAILED');
    expect(errorCode(await askUsername(alex.email, '12/04/1985'))).toBe('VALIDATION_FAILED');
    const unsigned = await h.browser.send({ path: ROUTES.recoveryUsername, device: null, body: { email: alex.email, dateOfBirth: alex.dateOfBirth } });
    expect(unsigned.status).toBeGreaterThanOrEqual(401);
    expect(errorCode(await h.kiosk.send({ path: ROUTES.recoveryUsername, body: { email: alex.email, dateOfBirth: alex.dateOfBirth, x: 1 } }))).toBe('VALIDATION_FAILED');
  });
});

describe('forgot password', () => {
  it('answers known and unknown addresses alike, in similar time', async () => {
    const time = async (email: string, dob: string) => {
      const started = performance.now();
      const res = await askReset(email, dob);
      expect(res.status).toBe(202);
      expect(res.text).toBe('{"status":"accepted"}');
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await time(sam.email, sam.dateOfBirth));
      unknown.push(await time(`nobody${i}@nhs.net`, '1970-01-01'));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`recovery timing: known ${known.map((t) => t.toFixed(1)).join('/')} ms, unknown ${unknown.map((t) => t.toFixed(1)).join('/')} ms`);
    expect(Math.min(...known, ...unknown)).toBeGreaterThanOrEqual(340);
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(30);
    await h.smtp.waitFor((m) => m.to.includes(sam.email) && m.subject.startsWith('Set your'), 4);
  });

  it('a reset link sets a password that then works for password login, once', async () => {
    const token = await resetLinkFor(priya);
    const mail = h.smtp.messages.filter((m) => m.to.includes(priya.email)).at(-1)!;
    expect(mail.text).toContain('60 minutes');
    expect(mail.html).toContain(`/reset/${token}`);

    const page = await h.browser.send({ method: 'GET', path: `/reset/${token}`, device: null });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toBe(PAGE_CSP);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.text).toContain(priya.username);
    expect(page.text).toContain('nhsuk-header');
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/u); // no inline script
    expect(page.text).not.toMatch(/\sstyle=|<style/u);
    expect(page.text).not.toMatch(/\son[a-z]+=/u);

    const done = await complete(token, 'Harbour4Mist');
    expect(done.status, done.text).toBe(204);
    const login = await h.login(priya.username, 'Harbour4Mist');
    expect(login.status).toBe(200);
    const [notice] = await h.smtp.waitFor((m) => m.to.includes(priya.email) && m.subject.includes('was changed'));
    expect(notice!.text).toContain('with a password reset link');

    const again = await complete(token, 'Other5Pass');
    expect(again.status).toBe(400);
    expect(errorCode(again)).toBe('RECOVERY_TOKEN_INVALID');
    expect((await h.browser.send({ method: 'GET', path: `/reset/${token}`, device: null })).status).toBe(404);
  });

  it('serves the page assets: nhsuk-frontend CSS, our CSS and the checklist script', async () => {
    for (const [path, type] of [
      ['/reset-assets/nhsuk-frontend.min.css', 'text/css'],
      ['/reset-assets/reset-page.css', 'text/css'],
      ['/reset-assets/reset-page.js', 'text/javascript'],
    ] as const) {
      const res = await h.browser.send({ method: 'GET', path, device: null });
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type']).toContain(type);
      expect(res.text.length).toBeGreaterThan(500);
    }
    const css = await h.browser.send({ method: 'GET', path: '/reset-assets/nhsuk-frontend.min.css', device: null });
    expect(css.text).not.toContain('assets.nhs.uk'); // the CSP allows no outside fonts
    expect(css.text).toContain('url(/reset-assets/nhsuk/images/');
    const icon = await h.browser.send({ method: 'GET', path: '/reset-assets/nhsuk/images/favicon.svg', device: null });
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toContain('image/svg+xml');
    for (const evil of ['..%2f..%2fpackage.json', '%2e%2e%2fmanifest.json', 'index.js']) {
      expect((await h.browser.send({ method: 'GET', path: `/reset-assets/nhsuk/images/${evil}`, device: null })).status).toBe(404);
    }
  });

  it('lets exactly one of two simultaneous completions of one link win', async () => {
    const token = await resetLinkFor(priya);
    const results = await Promise.all([complete(token, 'Granite5Bay'), complete(token, 'Granite6Cove')]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 400]);
    const winner = results[0].status === 204 ? 'Granite5Bay' : 'Granite6Cove';
    const loser = winner === 'Granite5Bay' ? 'Granite6Cove' : 'Granite5Bay';
    expect((await h.login(priya.username, winner)).status).toBe(200);
    expect(errorCode(await h.login(priya.username, loser))).toBe('INVALID_CREDENTIALS');
  });

  it('refuses an expired link (60 minutes) and a made-up one', async () => {
    const token = await resetLinkFor(sam);
    h.gw.clock.advance(61 * 60_000);
    expect(errorCode(await complete(token, 'Lantern3Oak'))).toBe('RECOVERY_TOKEN_INVALID');
    expect((await h.browser.send({ method: 'GET', path: `/reset/${token}`, device: null })).status).toBe(404);
    expect(errorCode(await complete('A'.repeat(43), 'Lantern3Oak'))).toBe('RECOVERY_TOKEN_INVALID');
    expect(errorCode(await complete("' OR 1=1 --", 'Lantern3Oak'))).toBe('RECOVERY_TOKEN_INVALID');
  });

  it('checks the policy and history, keeping the link usable after a refusal', async () => {
    const token = await resetLinkFor(priya);
    const weak = await complete(token, 'abc');
    expect(weak.status).toBe(422);
    expect(weak.body.error.code).toBe('PASSWORD_POLICY');
    expect(weak.body.error.failedRules).toEqual(['min-length', 'has-digit']);
    const reused = await complete(token, 'Harbour4Mist');
    expect(reused.body.error.code).toBe('PASSWORD_REUSED');
    expect((await complete(token, 'Meadow6Pine')).status).toBe(204);
  });

  it('works as a plain HTML form without JavaScript', async () => {
    const token = await resetLinkFor(alex);
    const mismatch = await form({ token, newPassword: 'Cobalt7Dune', confirmPassword: 'Cobalt7Dunes' });
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toContain('The two passwords do not match.');
    const weak = await form({ token, newPassword: 'aaaa', confirmPassword: 'aaaa' });
    expect(weak.status).toBe(422);
    expect(weak.text).toContain('nhsuk-error-summary');
    expect(weak.text).toContain('esr-rule esr-rule--fail" data-rule="min-length"');
    expect(weak.text).toContain('esr-rule esr-rule--fail" data-rule="no-immediate-repeat"');
    expect(weak.text).not.toContain('aaaa');
    secrets.push('Cobalt7Dune');
    const ok = await form({ token, newPassword: 'Cobalt7Dune', confirmPassword: 'Cobalt7Dune' });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('Your password has been set');
    expect(ok.headers['content-security-policy']).toBe(PAGE_CSP);
    expect((await h.login(alex.username, 'Cobalt7Dune')).status).toBe(200);
    const used = await form({ token, newPassword: 'Cobalt8Dune', confirmPassword: 'Cobalt8Dune' });
    expect(used.status).toBe(400);
    expect(used.text).toContain('This link is not valid');
  });

  it('unlocks a locked account and ends every session and every other link', async () => {
    const session = (await h.login(alex.username, 'Cobalt7Dune')).body.sessionToken;
    const older = await resetLinkFor(alex);
    for (let i = 0; i < 5; i++) await h.login(alex.username, `Wrong${i}Pass`);
    expect(errorCode(await h.login(alex.username, 'Cobalt7Dune'))).toBe('ACCOUNT_LOCKED');
    const token = await resetLinkFor(alex);
    expect((await complete(token, 'Safari2Vale')).status).toBe(204);
    expect((await h.login(alex.username, 'Safari2Vale')).status).toBe(200);
    expect(errorCode(await h.kiosk.send({ method: 'GET', path: ROUTES.internetAccess, token: session }))).toBe('SESSION_INVALID');
    expect(errorCode(await complete(older, 'Safari3Vale'))).toBe('RECOVERY_TOKEN_INVALID');
    const events = (await h.gw.storage.audit.list()).filter((a) => a.staffId === alex.id).map((a) => `${a.event}:${a.outcome}`);
    expect(events).toEqual(expect.arrayContaining(['recovery-password-request:success', 'account-lockout:success', 'recovery-password-complete:success']));
  });

  it('keeps mail through an SMTP outage and delivers the link once when it returns', async () => {
    // Let earlier tests' mail go out first.
    const pending = async () => (await h.gw.storage.outbox.list()).filter((m) => m.sentAt === null && m.failedAt === null);
    for (let i = 0; i < 100 && (await pending()).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    const port = h.smtp.port;
    await h.smtp.stop();
    expect((await askReset(sam.email, sam.dateOfBirth)).status).toBe(202);
    await new Promise((r) => setTimeout(r, 400));
    const waiting = await pending();
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.attempts).toBeGreaterThanOrEqual(1);
    const before = h.smtp.messages.length;
    await h.smtp.listen(port);
    await h.smtp.waitFor(() => true, before + 1, 15_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.smtp.messages.length).toBe(before + 1);
    expect(h.smtp.messages.at(-1)!.to).toEqual([sam.email]);
  });

  it('never writes a password, reset token or date of birth to logs or audit rows, nor a password or date of birth to mail', async () => {
    const { logs, audit, mails } = await secretSurfaces(h);
    expect(secrets.length).toBeGreaterThan(10);
    for (const secret of secrets.filter((x) => x.length >= 8)) {
      expect(logs).not.toContain(secret);
      expect(audit).not.toContain(secret);
    }
    for (const pw of secrets.filter((x) => x.length >= 8 && x.length < 40)) expect(mails).not.toContain(pw);
    for (const s of [alex, priya, sam, jordan]) {
      expect(logs).not.toContain(s.dateOfBirth);
      expect(audit).not.toContain(s.dateOfBirth);
      expect(mails).not.toContain(s.dateOfBirth);
    }
  });
});
