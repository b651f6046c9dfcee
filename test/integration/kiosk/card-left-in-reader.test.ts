// The idle timeout with the card still in the reader (inside scripts/sandbox.sh, real pcscd +
// vpcd card + gateway): the session ends, the prompt asks for the card to be taken out, the card
// is no longer PIN-verified, and using it again needs the PIN. Its own stack, because the idle
// timer is shortened (8 s, 5 s of warning; the policy floor is 30 s).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SessionState, SessionStateName } from '../../../src-main/shared/ipc-contract';
import { createIpcDispatcher, type IpcDispatcher } from '../../../src-main/core/kiosk/ipc-dispatch';
import { VirtualPivCard } from '../../support/card/piv-card';
import { startKioskStack, type KioskStack } from '../../support/kiosk/kiosk-stack';

const ALEX = { username: '23412345', pin: '123456' };

let stack: KioskStack | null = null;
let ipc: IpcDispatcher;

beforeAll(async () => {
  stack = await startKioskStack({ idle: { timeoutSeconds: 8, warningSeconds: 5 } });
  ipc = createIpcDispatcher(stack.core.handlers);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

async function waitForState(name: SessionStateName, timeoutMs = 10_000): Promise<SessionState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await ipc('session:get-state', null);
    if (r.ok && (r.value as SessionState).name === name) return r.value as SessionState;
    if (Date.now() > deadline) throw new Error(`state never became ${name}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('idle timeout with the card in: signed out, "remove your card", card not verified, PIN asked again', async () => {
  const s = stack!;
  const live = s.liveSessionCount();
  await s.insert(ALEX.username);
  await waitForState('pin-entry');
  expect(await ipc('card:verify-pin', { pin: ALEX.pin })).toEqual({ ok: true, value: null });
  await waitForState('signed-in');
  const card = s.pcsc.card(0);
  if (!(card instanceof VirtualPivCard)) throw new Error('no virtual PIV card in reader 0');
  expect(card.pinVerified).toBe(true);

  // Nobody touches the kiosk: the timer runs out (8 s; allow for a slow machine).
  expect(await waitForState('waiting-for-card', 30_000)).toEqual({ name: 'waiting-for-card', lastEnd: 'idle-timeout', cardInReader: true });
  expect(s.events.find((e) => e.channel === 'session:ended')?.payload).toEqual({ reason: 'idle-timeout' });
  await expect.poll(() => s.liveSessionCount(), { timeout: 5_000 }).toBe(live);
  await expect.poll(() => card.pinVerified, { timeout: 10_000 }).toBe(false);

  expect(await ipc('card:use-again', null)).toEqual({ ok: true, value: null });
  expect(await waitForState('pin-entry')).toEqual({ name: 'pin-entry', triesLeft: 3, pinPad: false });
  expect(await ipc('card:cancel', null)).toEqual({ ok: true, value: null });
  await s.remove(0);
  expect(await waitForState('waiting-for-card')).toEqual({ name: 'waiting-for-card', lastEnd: 'signed-out' });
}, 90_000);
