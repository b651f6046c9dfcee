// The composition root on real parts (inside scripts/sandbox.sh): a private pcscd with the
// vpcd reader and the demo staff's virtual PIV cards, the real gateway on SQLite with an SMTP
// catcher, the kiosk's own enrolment, config loader, gateway client and card service. Requests
// go through createIpcDispatcher exactly as both transports send them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IpcRequestChannel, IpcResult, SessionState, SessionStateName } from '../../../src-main/shared/ipc-contract';
import { createIpcDispatcher, type IpcDispatcher } from '../../../src-main/core/kiosk/ipc-dispatch';
import { VirtualPivCard } from '../../support/card/piv-card';
import { createUntrustedCa, issueCardCertificate, issueExpiredCardCertificate } from '../../support/pki/test-pki';
import { startKioskStack, type KioskStack } from '../../support/kiosk/kiosk-stack';

const ALEX = { username: '23412345', pin: '123456', email: 'alex.morgan@nhs.net' };
const PRIYA = { username: '23498765', pin: '24681357' };
const SAM = { username: '23455501', email: 'sam.taylor@nhs.net', dob: '1978-02-28' };

let stack: KioskStack;
let started: KioskStack | null = null;
let ipc: IpcDispatcher;

beforeAll(async () => {
  stack = started = await startKioskStack();
  ipc = createIpcDispatcher(stack.core.handlers);
}, 120_000);

afterAll(async () => {
  await started?.close();
});

beforeEach(async () => {
  if (stack.pcsc.card(0) !== null) await stack.remove(0);
  await ipc('session:sign-out', null);
  await waitForState('waiting-for-card');
  stack.events.length = 0;
});

async function waitForState(name: SessionStateName, timeoutMs = 10_000): Promise<SessionState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await stack.core.handlers['session:get-state'](null);
    if (r.ok && r.value.name === name) return r.value;
    if (Date.now() > deadline) throw new Error(`state ${r.ok ? r.value.name : '?'} never became ${name}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function call(channel: IpcRequestChannel, request: unknown = null): Promise<IpcResult<unknown>> {
  return ipc(channel, request);
}

async function signInWithCard(user: { username: string; pin: string }): Promise<void> {
  await stack.insert(user.username);
  await waitForState('pin-entry');
  expect(await call('card:verify-pin', { pin: user.pin })).toEqual({ ok: true, value: null });
  expect((await waitForState('signed-in')).name).toBe('signed-in');
}

function verifyApdusWithPin(): number {
  // VERIFY (INS 20) carrying a PIN block (Lc = 08): the only APDUs that ever hold a PIN.
  return stack.pcsc.apduLog().filter((e) => e.command[1] === 0x20 && e.command[4] === 0x08).length;
}

describe('card login through the composition root', () => {
  it('insert → PIN → signed in → Manage Internet Access shows the ESR username', async () => {
    await signInWithCard(ALEX);
    const s = await waitForState('signed-in');
    expect(s).toMatchObject({ person: { username: ALEX.username, displayName: 'Alex Morgan' }, method: 'card' });
    expect(await call('internet-access:open')).toEqual({ ok: true, value: null });
    expect(await waitForState('manage-internet-access')).toMatchObject({ person: { username: ALEX.username }, status: 'active' });
    expect(stack.timings.map((t) => t.name)).toEqual(expect.arrayContaining(['insert-to-pin-entry', 'pin-submit-to-signed-in']));
    // The renderer never receives a token, certificate or key: nothing in any event looks like one.
    const text = JSON.stringify(stack.events);
    const certificate = Buffer.from(stack.cards.get(ALEX.username)!.certificate.certificateDer);
    expect(text).not.toMatch(/sessionToken|Bearer|BEGIN/);
    expect(text).not.toContain(certificate.toString('base64url').slice(0, 40));
    expect(text).not.toContain(certificate.toString('base64').slice(0, 40));
    expect(text).not.toContain(ALEX.pin);
    console.log('kiosk core timings (ms):', JSON.stringify(stack.timings.map((t) => [t.name, Math.round(t.ms)])));
  });

  it('a P-256 card signs in as well', async () => {
    await signInWithCard(PRIYA);
    expect(await waitForState('signed-in')).toMatchObject({ person: { username: PRIYA.username } });
  });

  it('a wrong PIN answers PIN_INCORRECT with the tries left; the right one then signs in', async () => {
    await stack.insert(ALEX.username);
    await waitForState('pin-entry');
    expect(await call('card:verify-pin', { pin: '000000' })).toEqual({ ok: false, error: { code: 'PIN_INCORRECT', triesLeft: 2 } });
    expect(await waitForState('pin-entry')).toMatchObject({ triesLeft: 2, lastError: 'PIN_INCORRECT' });
    expect(await call('card:verify-pin', { pin: ALEX.pin })).toEqual({ ok: true, value: null });
  });

  it('three wrong PINs block the card', async () => {
    await stack.insert(PRIYA.username);
    await waitForState('pin-entry');
    for (const left of [2, 1]) {
      expect(await call('card:verify-pin', { pin: '1111' })).toMatchObject({ ok: false, error: { code: 'PIN_INCORRECT', triesLeft: left } });
    }
    expect(await call('card:verify-pin', { pin: '1111' })).toMatchObject({ ok: false, error: { code: 'PIN_BLOCKED' } });
    await waitForState('card-blocked');
  });

  it('refuses a malformed PIN before anything reaches the card', async () => {
    await stack.insert(ALEX.username);
    await waitForState('pin-entry');
    const before = verifyApdusWithPin();
    expect(await call('card:verify-pin', { pin: '12a4' })).toEqual({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(verifyApdusWithPin()).toBe(before);
  });
});

describe('cards the gateway refuses', () => {
  it('a card from a CA the gateway does not trust: card-refused CERTIFICATE_UNTRUSTED', async () => {
    const ca = await createUntrustedCa();
    const cert = await issueCardCertificate(ca, { staffUuid: '5f0c2a0e-8d4b-4c1e-9a3f-1b2c3d4e5f60', commonName: 'Alex Morgan', algorithm: 'p256' });
    await stack.pcsc.insert(0, new VirtualPivCard({ certificateDer: cert.certificateDer, privateKey: cert.privateKey, algorithm: 'p256', pin: '123456' }));
    await waitForState('pin-entry');
    expect(await call('card:verify-pin', { pin: '123456' })).toMatchObject({ ok: false, error: { code: 'CERTIFICATE_UNTRUSTED' } });
    expect(await waitForState('card-refused')).toEqual({ name: 'card-refused', code: 'CERTIFICATE_UNTRUSTED' });
  });

  it('an expired card certificate: card-refused CERTIFICATE_EXPIRED', async () => {
    const cert = await issueExpiredCardCertificate(stack.trustedCardCa, {
      staffUuid: '5f0c2a0e-8d4b-4c1e-9a3f-1b2c3d4e5f60',
      commonName: 'Alex Morgan',
      algorithm: 'p256',
    });
    await stack.pcsc.insert(0, new VirtualPivCard({ certificateDer: cert.certificateDer, privateKey: cert.privateKey, algorithm: 'p256', pin: '123456' }));
    await waitForState('pin-entry');
    expect(await call('card:verify-pin', { pin: '123456' })).toMatchObject({ ok: false, error: { code: 'CERTIFICATE_EXPIRED' } });
    await waitForState('card-refused');
  });
});

describe('card removal and session end', () => {
  it('a card pulled while its login is on the way leaves no session anywhere', async () => {
    const live = stack.liveSessionCount();
    await stack.insert(ALEX.username);
    await waitForState('pin-entry');
    const login = call('card:verify-pin', { pin: ALEX.pin });
    await stack.remove();
    await login;
    expect(await waitForState('waiting-for-card', 3_000)).toEqual({ name: 'waiting-for-card', lastEnd: 'card-removed' });
    await expect.poll(() => stack.liveSessionCount(), { timeout: 5_000 }).toBe(live);
  });

  it('removing the card wipes the session at once and revokes it at the gateway', async () => {
    const live = stack.liveSessionCount();
    await signInWithCard(ALEX);
    await call('internet-access:open');
    await call('internet-access:start-reset');
    await waitForState('reset-password');
    expect(stack.liveSessionCount()).toBe(live + 1);
    stack.events.length = 0;
    await stack.remove();
    const ended = await waitForState('waiting-for-card', 2_000);
    expect(ended).toEqual({ name: 'waiting-for-card', lastEnd: 'card-removed' });
    expect(stack.events.find((e) => e.channel === 'session:ended')?.payload).toEqual({ reason: 'card-removed' });
    await expect.poll(() => stack.liveSessionCount(), { timeout: 5_000 }).toBe(live);
    const wipe = stack.timings.filter((t) => t.name === 'card-removed-to-wiped').at(-1);
    expect(wipe).toBeDefined();
    expect(await call('internet-access:open')).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED_NOW' } });
  });

  it('a second reader: a card there neither disturbs nor ends the session on the first', async () => {
    expect(stack.pcsc.readerNames.length).toBeGreaterThanOrEqual(2);
    await signInWithCard(ALEX);
    await stack.pcsc.insert(1, stack.cards.get(PRIYA.username)!.makeCard());
    await new Promise((r) => setTimeout(r, 800));
    expect(await waitForState('signed-in')).toMatchObject({ person: { username: ALEX.username } });
    await stack.pcsc.remove(1);
    await new Promise((r) => setTimeout(r, 800));
    expect(await waitForState('signed-in')).toMatchObject({ person: { username: ALEX.username } });
    await stack.remove(0);
    expect(await waitForState('waiting-for-card', 3_000)).toEqual({ name: 'waiting-for-card', lastEnd: 'card-removed' });
  });

  it('sign-out ends the gateway session too', async () => {
    const live = stack.liveSessionCount();
    await signInWithCard(ALEX);
    expect(await call('session:sign-out')).toEqual({ ok: true, value: null });
    expect(await waitForState('waiting-for-card')).toEqual({ name: 'waiting-for-card', lastEnd: 'signed-out', cardInReader: true });
    await expect.poll(() => stack.liveSessionCount(), { timeout: 5_000 }).toBe(live);
  });
});

describe('a card left in the reader after a sign-out', () => {
  function cardIn(reader: number): VirtualPivCard {
    const card = stack.pcsc.card(reader);
    if (!(card instanceof VirtualPivCard)) throw new Error(`no virtual PIV card in reader ${reader}`);
    return card;
  }
  const lastStateEvent = () => stack.events.filter((e) => e.channel === 'session:state').at(-1)?.payload;

  it('the prompt asks for the card to be taken out, and the card is no longer PIN-verified', async () => {
    await signInWithCard(ALEX);
    const card = cardIn(0);
    expect(card.pinVerified).toBe(true);
    stack.pcsc.clearApduLog();
    expect(await call('session:sign-out')).toEqual({ ok: true, value: null });
    const prompt = { name: 'waiting-for-card', lastEnd: 'signed-out', cardInReader: true };
    expect(await waitForState('waiting-for-card')).toEqual(prompt);
    expect(lastStateEvent()).toEqual(prompt);
    // The kiosk reset the PIN's security status itself (VERIFY P1=FF) as it let go, rather than
    // counting on pcscd to power an idle card down (Windows does not).
    await expect.poll(() => card.pinVerified, { timeout: 2_000 }).toBe(false);
    const resetCommand = stack.pcsc.apduLog().find((e) => Buffer.from(e.command).toString('hex') === '0020ff80');
    expect(resetCommand?.response).toEqual(Uint8Array.of(0x90, 0x00));
  });

  it('"use this card again" asks for the PIN afresh, and the card checks it before anything is signed', async () => {
    await signInWithCard(ALEX);
    const card = cardIn(0);
    await call('session:sign-out');
    await expect.poll(() => card.pinVerified, { timeout: 10_000 }).toBe(false);
    stack.pcsc.clearApduLog();
    expect(await call('card:use-again')).toEqual({ ok: true, value: null });
    expect(await waitForState('pin-entry')).toEqual({ name: 'pin-entry', triesLeft: 3, pinPad: false });
    expect(await call('card:verify-pin', { pin: '000000' })).toEqual({ ok: false, error: { code: 'PIN_INCORRECT', triesLeft: 2 } });
    expect(await call('card:verify-pin', { pin: ALEX.pin })).toEqual({ ok: true, value: null });
    expect(await waitForState('signed-in')).toMatchObject({ person: { username: ALEX.username }, method: 'card' });
    const log = stack.pcsc.apduLog().map((e) => e.command);
    const firstSign = log.findIndex((c) => c[1] === 0x87);
    const goodVerify = log.findIndex((c, i) => c[1] === 0x20 && c[4] === 0x08 && i > log.findIndex((d) => d[1] === 0x20 && d[4] === 0x08));
    expect(firstSign).toBeGreaterThan(goodVerify);
    expect(goodVerify).toBeGreaterThan(-1);
  });

  it('taking the card out turns the prompt back to "insert your card"; then there is no card to use again', async () => {
    await signInWithCard(PRIYA);
    await call('session:sign-out');
    await waitForState('waiting-for-card');
    stack.events.length = 0;
    await stack.remove(0);
    await expect.poll(() => lastStateEvent(), { timeout: 5_000 }).toEqual({ name: 'waiting-for-card', lastEnd: 'signed-out' });
    expect(await waitForState('waiting-for-card')).toEqual({ name: 'waiting-for-card', lastEnd: 'signed-out' });
    expect(await call('card:use-again')).toEqual({ ok: false, error: { code: 'CARD_REMOVED' } });
  });

  it('is not offered while a card flow is running', async () => {
    await stack.insert(ALEX.username);
    await waitForState('pin-entry');
    expect(await call('card:use-again')).toEqual({ ok: false, error: { code: 'CARD_REMOVED' } });
    await waitForState('pin-entry');
  });
});

describe('gateway outages', () => {
  it('gateway down at login: the PIN screen says so; retry signs in without resending the PIN', async () => {
    await stack.insert(ALEX.username);
    await waitForState('pin-entry');
    await stack.link.down();
    try {
      expect(await call('card:verify-pin', { pin: ALEX.pin })).toMatchObject({ ok: false, error: { code: 'GATEWAY_UNREACHABLE' } });
      expect(await waitForState('pin-entry')).toMatchObject({ lastError: 'GATEWAY_UNREACHABLE' });
    } finally {
      await stack.link.up();
    }
    const before = verifyApdusWithPin();
    expect(await call('gateway:retry')).toEqual({ ok: true, value: null });
    await waitForState('signed-in');
    expect(verifyApdusWithPin()).toBe(before);
  });

  it('gateway down while signed in: opening Manage Internet Access fails cleanly, then works', async () => {
    await signInWithCard(ALEX);
    await stack.link.down();
    try {
      expect(await call('internet-access:open')).toMatchObject({ ok: false, error: { code: 'GATEWAY_UNREACHABLE' } });
      await waitForState('signed-in');
    } finally {
      await stack.link.up();
    }
    expect(await call('gateway:retry')).toEqual({ ok: true, value: null });
    await waitForState('manage-internet-access');
  });
});

describe('internet password', () => {
  it('refuses mismatched passwords and names each failed rule before asking the gateway', async () => {
    await signInWithCard(ALEX);
    await call('internet-access:open');
    await call('internet-access:start-reset');
    expect(await call('internet-access:submit-password', { newPassword: 'Qx7mPz2k', confirmPassword: 'Qx7mPz2j' })).toEqual({
      ok: false,
      error: { code: 'PASSWORDS_DO_NOT_MATCH' },
    });
    expect(await call('internet-access:submit-password', { newPassword: 'abcd', confirmPassword: 'abcd' })).toEqual({
      ok: false,
      error: { code: 'PASSWORD_POLICY', failedRules: ['min-length', 'has-digit', 'no-sequence'] },
    });
    await waitForState('reset-password');
  });

  it('sets a new password, then the same password signs in by username', async () => {
    await signInWithCard(ALEX);
    await call('internet-access:open');
    await call('internet-access:start-reset');
    expect(await call('internet-access:submit-password', { newPassword: 'Fern8Lake', confirmPassword: 'Fern8Lake' })).toEqual({ ok: true, value: null });
    await waitForState('reset-done');
    await expect.poll(() => stack.smtp.messages.filter((m) => m.to.includes(ALEX.email)).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await call('session:sign-out');
    await stack.remove();
    await waitForState('waiting-for-card');
    expect(await call('password-login:submit', { username: ALEX.username, password: 'Fern8Lake' })).toEqual({ ok: true, value: null });
    expect(await waitForState('signed-in')).toMatchObject({ method: 'password', person: { username: ALEX.username } });
  });

  it('the gateway refuses a recent password (not-recent)', async () => {
    await signInWithCard(ALEX);
    await call('internet-access:open');
    await call('internet-access:start-reset');
    expect(await call('internet-access:submit-password', { newPassword: 'Ward7Blue', confirmPassword: 'Ward7Blue' })).toMatchObject({
      ok: false,
      error: { code: 'PASSWORD_REUSED', failedRules: ['not-recent'] },
    });
  });

  it('a wrong password is INVALID_CREDENTIALS and keeps the card prompt', async () => {
    expect(await call('password-login:submit', { username: ALEX.username, password: 'Wrong7pass' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_CREDENTIALS' },
    });
    await waitForState('waiting-for-card');
  });
});

describe('recovery', () => {
  it('forgot username: accepted, and the username is emailed', async () => {
    expect(await call('recovery:username', { email: SAM.email, dateOfBirth: SAM.dob })).toEqual({ ok: true, value: null });
    const [mail] = await stack.smtp.waitFor((m) => m.to.includes(SAM.email) && m.text.includes(SAM.username));
    expect(mail).toBeDefined();
  });

  it('an unknown person gets the same answer', async () => {
    expect(await call('recovery:username', { email: 'nobody@nhs.net', dateOfBirth: '1970-01-01' })).toEqual({ ok: true, value: null });
  });
});

describe('PC/SC recovers by itself', () => {
  it('pcscd restarted: no reader, then the card prompt again, and a card login works', async () => {
    stack.events.length = 0;
    await stack.pcsc.restartPcscd();
    const names = () =>
      stack.events.filter((e) => e.channel === 'session:state').map((e) => (e.payload as SessionState).name);
    await expect.poll(() => names().lastIndexOf('waiting-for-card') > names().indexOf('no-reader') && names().includes('no-reader'), {
      timeout: 20_000,
    }).toBe(true);
    await signInWithCard(PRIYA);
  });
});
