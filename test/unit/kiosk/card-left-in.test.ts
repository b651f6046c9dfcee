// KioskSession's "card left in the reader" hint, driven through the real state machine: the
// card prompt carries cardInReader while a card sits in a reader that no flow uses, the renderer
// hears when that changes (also when only the hint changes), and `leftCardReader` names the
// reader for `card:use-again`. (The same on real pcscd + virtual card: test/integration/kiosk.)
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../../../src-main/core/gateway/gateway-client';
import { KioskSession } from '../../../src-main/core/kiosk/kiosk-session';
import type { KioskSettings } from '../../../src-main/core/kiosk/kiosk-types';
import type { IpcEvents, SessionState } from '../../../src-main/shared/ipc-contract';
import { DEFAULT_PASSWORD_POLICY } from '../../../src-main/shared/password-rules';

const SETTINGS: KioskSettings = {
  idleTimeoutSeconds: 120,
  idleWarningSeconds: 30,
  passwordPolicy: DEFAULT_PASSWORD_POLICY,
  language: 'en',
  supportContact: '',
  managedSettings: [],
};

const open: KioskSession[] = [];
// The PIN screen arms the idle timer: stop it.
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.dispose()));
});

function session() {
  // Only logout is reached (nobody signs in here); anything else would be a test bug.
  const gateway = { logout: () => Promise.resolve() } as unknown as GatewayClient;
  const s = new KioskSession(gateway, { info: () => undefined, warn: () => undefined }, SETTINGS);
  open.push(s);
  const states: SessionState[] = [];
  const ended: IpcEvents['session:ended'][] = [];
  s.subscribe((channel, payload) => {
    if (channel === 'session:state') states.push(payload as SessionState);
    if (channel === 'session:ended') ended.push(payload as IpcEvents['session:ended']);
  });
  const reads: string[] = [];
  s.onReadCard = (reader) => reads.push(reader);
  s.dispatch({ type: 'boot', enrolled: true, serviceUp: true, readers: [{ name: 'R0', cardPresent: false }, { name: 'R1', cardPresent: false }] });
  return { s, states, ended, reads };
}

/** Insert a card in R0 and bring it to the PIN screen. */
function toPinEntry(k: ReturnType<typeof session>) {
  k.s.dispatch({ type: 'card-inserted', reader: 'R0' });
  k.s.dispatch({ type: 'card-ready', epoch: k.s.epoch, pinPad: false, triesLeft: 3 });
  expect(k.s.state.name).toBe('pin-entry');
}

describe('a card left in the reader', () => {
  it('the card prompt says so after the flow ends with the card still in, and names the reader', () => {
    const k = session();
    expect(k.s.state).toEqual({ name: 'waiting-for-card' });
    toPinEntry(k);
    expect(k.s.leftCardReader).toBeNull();
    k.s.dispatch({ type: 'cancel' });
    const prompt = { name: 'waiting-for-card', lastEnd: 'signed-out', cardInReader: true };
    expect(k.s.state).toEqual(prompt);
    expect(k.states.at(-1)).toEqual(prompt);
    expect(k.ended).toEqual([{ reason: 'signed-out' }]);
    expect(k.s.leftCardReader).toBe('R0');
  });

  it('taking the card out drops the hint and tells the renderer, though the machine state is unchanged', () => {
    const k = session();
    toPinEntry(k);
    k.s.dispatch({ type: 'cancel' });
    const heard = k.states.length;
    k.s.dispatch({ type: 'card-removed', reader: 'R0' });
    expect(k.s.state).toEqual({ name: 'waiting-for-card', lastEnd: 'signed-out' });
    expect(k.states.slice(heard)).toEqual([{ name: 'waiting-for-card', lastEnd: 'signed-out' }]);
    expect(k.s.leftCardReader).toBeNull();
    // A second removal event changes nothing and says nothing.
    k.s.dispatch({ type: 'card-removed', reader: 'R0' });
    expect(k.states.length).toBe(heard + 1);
  });

  it('a card pulled out ends the session without the hint', () => {
    const k = session();
    toPinEntry(k);
    k.s.dispatch({ type: 'card-removed', reader: 'R0' });
    expect(k.s.state).toEqual({ name: 'waiting-for-card', lastEnd: 'card-removed' });
  });

  it('only the card prompt carries the hint: not while a flow runs with a card in the other reader', () => {
    const k = session();
    toPinEntry(k);
    k.s.dispatch({ type: 'card-inserted', reader: 'R1' });
    expect(k.s.state).not.toHaveProperty('cardInReader');
    expect(k.reads).toEqual(['R0']);
    k.s.dispatch({ type: 'card-removed', reader: 'R0' });
    // The session on R0 ended; the card in R1 was never read: the prompt asks for it out too.
    expect(k.s.state).toEqual({ name: 'waiting-for-card', lastEnd: 'card-removed', cardInReader: true });
    expect(k.s.leftCardReader).toBe('R1');
  });
});
