// Settings that used to be fixed or misplaced, against the real gateway (HTTPS, SQLite file,
// SMTP catcher): the password policy at its own key and at the deprecated `mail.passwordPolicy`
// (still honoured, with a warning in the log), the recovery per-email limit, and the mail
// Message-ID domain.

import { afterEach, describe, expect, it } from 'vitest';
import { ROUTES, type GatewayErrorBody } from '../../../src-main/shared/gateway-api';
import type { GatewayConfigInput } from '../../../server/src/config';
import { person, startAccountsHarness, type AccountsHarness } from './accounts-fixture';

const alex = person('23412345'); // initial password Ward7Blue
const priya = person('23498765');

let h: AccountsHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(config: Partial<GatewayConfigInput>): Promise<AccountsHarness> {
  h = await startAccountsHarness(config);
  return h;
}

/** Signs Alex in and tries `newPassword`; returns the status and failed rules. */
async function trySetPassword(harness: AccountsHarness, newPassword: string): Promise<{ status: number; failedRules: readonly string[] }> {
  const login = await harness.login(alex.username, 'Ward7Blue');
  expect(login.status, login.text).toBe(200);
  const res = await harness.kiosk.send<GatewayErrorBody>({
    path: ROUTES.internetAccessPassword,
    token: login.body.sessionToken,
    body: { newPassword },
  });
  return { status: res.status, failedRules: res.status === 204 ? [] : (res.body.error.failedRules ?? []) };
}

function deprecationWarnings(harness: AccountsHarness): { setting: string; useInstead: string; level: number }[] {
  return harness.gw.logs
    .map((line) => JSON.parse(line) as { setting?: string; useInstead?: string; level: number; msg: string })
    .filter((entry) => entry.setting !== undefined && entry.msg.includes('deprecated'))
    .map((entry) => ({ setting: entry.setting as string, useInstead: entry.useInstead as string, level: entry.level }));
}

describe('password policy setting', () => {
  it('applies the top-level passwordPolicy with no deprecation warning', async () => {
    const harness = await start({ passwordPolicy: { bannedWords: ['lister'], minLength: 10 } });
    const banned = await trySetPassword(harness, 'Lister7Ward');
    expect(banned.status).toBe(422);
    expect(banned.failedRules).toContain('not-banned-word');
    const short = await trySetPassword(harness, 'Rk7mWq2z'); // 8 characters: fine by default, not here
    expect(short.failedRules).toEqual(['min-length']);
    expect(deprecationWarnings(harness)).toEqual([]);
  });

  it('still honours the deprecated mail.passwordPolicy and warns about it in the log', async () => {
    const harness = await start({ mail: { passwordPolicy: { bannedWords: ['lister'] } } });
    const banned = await trySetPassword(harness, 'Lister7Ward');
    expect(banned.status).toBe(422);
    expect(banned.failedRules).toContain('not-banned-word');
    expect(deprecationWarnings(harness)).toEqual([{ setting: 'mail.passwordPolicy', useInstead: 'passwordPolicy', level: 40 }]);
    // A password the policy allows still goes through.
    expect((await trySetPassword(harness, 'Rk7mWq2z')).status).toBe(204);
  });
});

describe('recovery per-email limit setting', () => {
  it('refuses recovery requests for one address past rateLimits.perEmailRecovery, other addresses unaffected', async () => {
    const harness = await start({ rateLimits: { perEmailRecovery: { max: 2, windowSeconds: 900 } } });
    const ask = (email: string) => harness.kiosk.send<GatewayErrorBody>({ path: ROUTES.recoveryUsername, body: { email, dateOfBirth: priya.dateOfBirth } });
    expect((await ask(priya.email)).status).toBe(202);
    // The same address in another case is the same address.
    expect((await ask(priya.email.toUpperCase())).status).toBe(202);
    const third = await ask(priya.email);
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('RATE_LIMITED');
    expect((await ask(alex.email)).status).toBe(202);
  });
});

describe('reset-link completion limit setting', () => {
  it('refuses completions from one address past rateLimits.recoveryCompletePerAddress', async () => {
    const harness = await start({ rateLimits: { recoveryCompletePerAddress: { max: 2, windowSeconds: 900 } } });
    const complete = () =>
      harness.browser.send<GatewayErrorBody>({ path: ROUTES.recoveryPasswordComplete, device: null, body: { token: 'A'.repeat(43), newPassword: 'Lantern3Oak' } });
    for (let i = 0; i < 2; i++) expect((await complete()).body.error.code).toBe('RECOVERY_TOKEN_INVALID');
    const third = await complete();
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('RATE_LIMITED');
  });
});

describe('Message-ID domain setting', () => {
  it('stamps queued mail with mail.messageIdDomain', async () => {
    const harness = await start({ mail: { messageIdDomain: 'gateway.trust.test' } });
    const res = await harness.kiosk.send({ path: ROUTES.recoveryUsername, body: { email: priya.email, dateOfBirth: priya.dateOfBirth } });
    expect(res.status).toBe(202);
    const [mail] = await harness.smtp.waitFor((m) => m.to.includes(priya.email));
    expect(mail?.messageId).toMatch(/^<[0-9a-f]{32}@gateway\.trust\.test>$/u);
  });
});
