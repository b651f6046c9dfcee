// The session state machine, every event in every state (DESIGN.md section 2). Each state is
// reached by driving the machine with real events from its start, never built by hand.
import { describe, expect, it } from 'vitest';
import type { SessionStateName } from '../../../src-main/shared/ipc-contract';
import type { SessionEvent, SessionEventType } from '../../../src-main/core/session/session-events';
import {
  initialMachine,
  step,
  type SessionMachine,
} from '../../../src-main/core/session/session-machine';

const R1 = 'Virtual PCD 00 00';
const R2 = 'Virtual PCD 00 01';
const person = { displayName: 'Alex Morgan', username: '23412345' };

function drive(events: readonly ((m: SessionMachine) => SessionEvent)[]): SessionMachine {
  let m = initialMachine();
  for (const make of events) {
    const e = make(m);
    const r = step(m, e);
    if (!r.accepted) throw new Error(`fixture event ${e.type} refused in ${m.state.name}`);
    m = r.machine;
  }
  return m;
}

const boot = (): SessionEvent => ({
  type: 'boot',
  enrolled: true,
  serviceUp: true,
  readers: [{ name: R1, cardPresent: false }],
});
const insert = (): SessionEvent => ({ type: 'card-inserted', reader: R1 });
const ready = (m: SessionMachine): SessionEvent => ({ type: 'card-ready', epoch: m.ctx.epoch, pinPad: false, triesLeft: 3 });
const submit = (): SessionEvent => ({ type: 'pin-submitted' });
const cardSignedIn = (m: SessionMachine): SessionEvent => ({ type: 'signed-in', epoch: m.ctx.epoch, person, method: 'card' });
const loaded = (m: SessionMachine): SessionEvent => ({
  type: 'internet-access-loaded',
  epoch: m.ctx.epoch,
  status: 'active',
  passwordChangedAt: null,
});

const FIXTURES: Record<string, SessionMachine> = {
  starting: initialMachine(),
  'config-error': drive([() => ({ type: 'config-invalid', problems: [{ setting: 'gatewayUrl', source: 'file', allowed: 'https URL' }] })]),
  'not-enrolled': drive([() => ({ type: 'boot', enrolled: false, serviceUp: true, readers: [] })]),
  'no-reader': drive([() => ({ type: 'boot', enrolled: true, serviceUp: true, readers: [] })]),
  'waiting-for-card': drive([boot]),
  'reading-card': drive([boot, insert]),
  'pin-entry': drive([boot, insert, ready]),
  verifying: drive([boot, insert, ready, submit]),
  'card-blocked': drive([boot, insert, (m) => ({ type: 'card-failed', epoch: m.ctx.epoch, code: 'PIN_BLOCKED' })]),
  'card-refused': drive([boot, insert, (m) => ({ type: 'card-failed', epoch: m.ctx.epoch, code: 'CARD_NOT_PIV' })]),
  'signed-in': drive([boot, insert, ready, submit, cardSignedIn]),
  'manage-internet-access': drive([boot, insert, ready, submit, cardSignedIn, loaded]),
  'reset-password': drive([boot, insert, ready, submit, cardSignedIn, loaded, () => ({ type: 'reset-started' })]),
  'reset-done': drive([
    boot, insert, ready, submit, cardSignedIn, loaded,
    () => ({ type: 'reset-started' }),
    (m) => ({ type: 'password-changed', epoch: m.ctx.epoch }),
  ]),
};

/** One sample of every event; epoch-tagged ones carry the machine's current epoch. */
const SAMPLES: Record<SessionEventType, (m: SessionMachine) => SessionEvent> = {
  boot,
  'config-invalid': () => ({ type: 'config-invalid', problems: [] }),
  'reader-added': () => ({ type: 'reader-added', reader: R2 }),
  'reader-removed': () => ({ type: 'reader-removed', reader: R1 }),
  'card-inserted': () => ({ type: 'card-inserted', reader: R2 }),
  'card-removed': () => ({ type: 'card-removed', reader: R1 }),
  'service-unavailable': () => ({ type: 'service-unavailable' }),
  'service-restored': () => ({ type: 'service-restored', readers: [{ name: R1, cardPresent: false }] }),
  'idle-timeout': () => ({ type: 'idle-timeout' }),
  'card-progress': (m) => ({ type: 'card-progress', epoch: m.ctx.epoch, step: 'reading-certificate' }),
  'card-ready': ready,
  'card-failed': (m) => ({ type: 'card-failed', epoch: m.ctx.epoch, code: 'CARD_NOT_PIV' }),
  'verify-progress': (m) => ({ type: 'verify-progress', epoch: m.ctx.epoch, step: 'signing' }),
  'pin-incorrect': (m) => ({ type: 'pin-incorrect', epoch: m.ctx.epoch, triesLeft: 2 }),
  'pin-needed': (m) => ({ type: 'pin-needed', epoch: m.ctx.epoch, triesLeft: 3 }),
  'login-failed': (m) => ({ type: 'login-failed', epoch: m.ctx.epoch, code: 'GATEWAY_UNREACHABLE' }),
  'signed-in': cardSignedIn,
  'internet-access-loaded': loaded,
  'password-changed': (m) => ({ type: 'password-changed', epoch: m.ctx.epoch }),
  'session-invalid': (m) => ({ type: 'session-invalid', epoch: m.ctx.epoch }),
  'pin-submitted': submit,
  'gateway-retry': () => ({ type: 'gateway-retry' }),
  cancel: () => ({ type: 'cancel' }),
  'sign-out': () => ({ type: 'sign-out' }),
  activity: () => ({ type: 'activity' }),
  'password-login-requested': () => ({ type: 'password-login-requested' }),
  'internet-access-requested': () => ({ type: 'internet-access-requested' }),
  'reset-started': () => ({ type: 'reset-started' }),
  back: () => ({ type: 'back' }),
  'password-submitted': () => ({ type: 'password-submitted' }),
};

const EVENT_TYPES = Object.keys(SAMPLES) as SessionEventType[];
type Outcome = SessionStateName | 'refused';

// Environment events every state accepts: they keep the state unless listed in the row.
const ENV_SAME: Partial<Record<SessionEventType, '='>> = {
  'reader-added': '=',
  'reader-removed': '=',
  'card-inserted': '=',
  'card-removed': '=',
  'service-unavailable': '=',
  'service-restored': '=',
};
const WIPED_BY_CARD: Partial<Record<SessionEventType, Outcome | '='>> = {
  'card-removed': 'waiting-for-card',
  'reader-removed': 'no-reader', // the only reader went with the card
  'service-unavailable': 'no-reader',
  'idle-timeout': 'waiting-for-card',
  activity: '=',
};

/** Expected next state for every (state, event); anything not listed is refused. */
const TABLE: Record<string, Partial<Record<SessionEventType, Outcome | '='>>> = {
  starting: { ...ENV_SAME, boot: 'waiting-for-card', 'config-invalid': 'config-error' },
  'config-error': { ...ENV_SAME },
  'not-enrolled': { ...ENV_SAME },
  'no-reader': {
    ...ENV_SAME,
    'reader-added': 'waiting-for-card',
    'card-inserted': 'reading-card',
    'service-restored': 'waiting-for-card',
    activity: '=',
    'password-login-requested': '=',
  },
  'waiting-for-card': {
    ...ENV_SAME,
    'reader-removed': 'no-reader',
    'card-inserted': 'reading-card',
    'service-unavailable': 'no-reader',
    activity: '=',
    'password-login-requested': '=',
  },
  'reading-card': {
    ...ENV_SAME,
    ...WIPED_BY_CARD,
    'idle-timeout': 'refused',
    activity: 'refused',
    'card-progress': '=',
    'card-ready': 'pin-entry',
    'card-failed': 'card-refused',
    cancel: 'waiting-for-card',
  },
  'pin-entry': {
    ...ENV_SAME,
    ...WIPED_BY_CARD,
    'pin-submitted': 'verifying',
    cancel: 'waiting-for-card',
    'sign-out': 'waiting-for-card',
  },
  verifying: {
    ...ENV_SAME,
    ...WIPED_BY_CARD,
    'idle-timeout': 'refused',
    activity: 'refused',
    'verify-progress': '=',
    'pin-incorrect': 'pin-entry',
    'pin-needed': 'pin-entry',
    'login-failed': 'pin-entry',
    'signed-in': 'signed-in',
  },
  'card-blocked': { ...ENV_SAME, ...WIPED_BY_CARD, cancel: 'waiting-for-card', 'sign-out': 'waiting-for-card' },
  'card-refused': { ...ENV_SAME, ...WIPED_BY_CARD, cancel: 'waiting-for-card', 'sign-out': 'waiting-for-card' },
  'signed-in': {
    ...ENV_SAME,
    ...WIPED_BY_CARD,
    'internet-access-loaded': 'manage-internet-access',
    'session-invalid': 'waiting-for-card',
    'sign-out': 'waiting-for-card',
    'internet-access-requested': '=',
  },
  'manage-internet-access': {
    ...ENV_SAME,
    ...WIPED_BY_CARD,
    'internet-access-loaded': '=',
    'session-invalid': 'waiting-for-card',
    'sign-out': 'waiting-for-card',
    'internet-access-requested': '=',
    'reset-started': 'reset-password',
  },
  'reset-password': {
    ...ENV_SAME,
    ...WIPED_BY_CARD,
    'password-changed': 'reset-done',
    'session-invalid': 'waiting-for-card',
    'sign-out': 'waiting-for-card',
    back: 'manage-internet-access',
    'password-submitted': '=',
  },
  'reset-done': {
    ...ENV_SAME,
    ...WIPED_BY_CARD,
    'internet-access-loaded': 'manage-internet-access',
    'session-invalid': 'waiting-for-card',
    'sign-out': 'waiting-for-card',
    'internet-access-requested': '=',
  },
};

describe('session machine: every event in every state', () => {
  it('has a fixture and a table row for every reachable state', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual(Object.keys(TABLE).sort());
    for (const [name, m] of Object.entries(FIXTURES)) expect(m.state.name).toBe(name);
  });

  for (const stateName of Object.keys(TABLE)) {
    for (const eventType of EVENT_TYPES) {
      const expected = TABLE[stateName]![eventType] ?? 'refused';
      it(`${stateName} + ${eventType} → ${expected}`, () => {
        const m = FIXTURES[stateName]!;
        const r = step(m, SAMPLES[eventType](m));
        if (expected === 'refused') {
          expect(r.accepted).toBe(false);
          expect(r.machine).toBe(m);
          expect(r.effects).toEqual([]);
        } else {
          expect(r.accepted).toBe(true);
          expect(r.machine.state.name).toBe(expected === '=' ? stateName : expected);
        }
      });
    }
  }

  it('drops every epoch-tagged result from an ended flow, in every state', () => {
    for (const [stateName, m] of Object.entries(FIXTURES)) {
      for (const eventType of EVENT_TYPES) {
        const e = SAMPLES[eventType](m);
        if (!('epoch' in e)) continue;
        const stale = { ...e, epoch: m.ctx.epoch - 1 } as SessionEvent;
        expect(step(m, stale).accepted, `${stateName} + stale ${eventType}`).toBe(false);
      }
    }
  });
});

const CARD_SESSION_STATES = [
  'reading-card', 'pin-entry', 'verifying', 'card-blocked', 'card-refused',
  'signed-in', 'manage-internet-access', 'reset-password', 'reset-done',
] as const;

describe('card removal wipes the session everywhere', () => {
  for (const name of CARD_SESSION_STATES) {
    it(`in ${name}: card prompt says removed, one wipe effect, new epoch`, () => {
      const m = FIXTURES[name]!;
      const r = step(m, { type: 'card-removed', reader: R1 });
      expect(r.machine.state).toEqual({ name: 'waiting-for-card', lastEnd: 'card-removed' });
      expect(r.effects.filter((e) => e.type === 'end-session')).toEqual([{ type: 'end-session', reason: 'card-removed' }]);
      expect(r.machine.ctx.epoch).toBe(m.ctx.epoch + 1);
      expect(r.machine.ctx.activeReader).toBeNull();
      expect(r.machine.ctx.account).toBeNull();
    });
  }

  it('a card removed from another reader changes nothing', () => {
    const m = step(FIXTURES['manage-internet-access']!, { type: 'card-inserted', reader: R2 }).machine;
    const r = step(m, { type: 'card-removed', reader: R2 });
    expect(r.machine.state).toEqual(m.state);
    expect(r.effects).toEqual([]);
  });
});

describe('idle timeout', () => {
  const TRACKED = ['pin-entry', 'card-blocked', 'card-refused', 'signed-in', 'manage-internet-access', 'reset-password', 'reset-done'];
  for (const name of TRACKED) {
    it(`${name} arms the timer, and its timeout wipes the session`, () => {
      const m = FIXTURES[name]!;
      expect(m.ctx.idleArmed).toBe(true);
      const r = step(m, { type: 'idle-timeout' });
      expect(r.machine.state).toEqual({ name: 'waiting-for-card', lastEnd: 'idle-timeout' });
      expect(r.effects).toEqual([
        { type: 'end-session', reason: 'idle-timeout' },
        { type: 'idle-timer', action: 'stop' },
      ]);
    });
  }

  it('entering a tracked screen restarts the timer and leaving for a busy one stops it', () => {
    const r1 = step(FIXTURES['reading-card']!, ready(FIXTURES['reading-card']!));
    expect(r1.effects).toEqual([{ type: 'idle-timer', action: 'restart' }]);
    const r2 = step(r1.machine, submit());
    expect(r2.effects).toEqual([{ type: 'idle-timer', action: 'stop' }]);
    expect(r2.machine.ctx.idleArmed).toBe(false);
  });

  it('typing on the card prompt arms the timer; its timeout clears the forms', () => {
    const a = step(FIXTURES['waiting-for-card']!, { type: 'activity' });
    expect(a.effects).toEqual([{ type: 'idle-timer', action: 'restart' }]);
    const r = step(a.machine, { type: 'idle-timeout' });
    expect(r.effects[0]).toEqual({ type: 'end-session', reason: 'idle-timeout' });
    expect(r.machine.state).toEqual({ name: 'waiting-for-card', lastEnd: 'idle-timeout' });
  });

  it('a card inserted while the prompt timer runs stops it', () => {
    const a = step(FIXTURES['waiting-for-card']!, { type: 'activity' }).machine;
    const r = step(a, insert());
    expect(r.effects).toContainEqual({ type: 'idle-timer', action: 'stop' });
  });
});

describe('PIN entry', () => {
  it('a wrong PIN returns to PIN entry with the tries left', () => {
    const m = FIXTURES.verifying!;
    const r = step(m, { type: 'pin-incorrect', epoch: m.ctx.epoch, triesLeft: 2 });
    expect(r.machine.state).toEqual({ name: 'pin-entry', triesLeft: 2, lastError: 'PIN_INCORRECT', pinPad: false });
  });

  it('a blocked card goes to card-blocked', () => {
    const m = FIXTURES.verifying!;
    const r = step(m, { type: 'login-failed', epoch: m.ctx.epoch, code: 'PIN_BLOCKED' });
    expect(r.machine.state).toEqual({ name: 'card-blocked' });
  });

  it('a gateway outage keeps the PIN screen with the error and allows a retry without a PIN', () => {
    const m = FIXTURES.verifying!;
    const failed = step(m, { type: 'login-failed', epoch: m.ctx.epoch, code: 'GATEWAY_UNREACHABLE' }).machine;
    expect(failed.state).toEqual({ name: 'pin-entry', triesLeft: 3, lastError: 'GATEWAY_UNREACHABLE', pinPad: false });
    const retry = step(failed, { type: 'gateway-retry' });
    expect(retry.accepted).toBe(true);
    expect(retry.machine.state).toEqual({ name: 'verifying', step: 'contacting-gateway' });
  });

  it('a retry is refused after a wrong PIN (the PIN is never resent by itself)', () => {
    const m = FIXTURES.verifying!;
    const wrong = step(m, { type: 'pin-incorrect', epoch: m.ctx.epoch, triesLeft: 2 }).machine;
    expect(step(wrong, { type: 'gateway-retry' }).accepted).toBe(false);
  });

  it('a card the gateway refuses goes to card-refused with the code', () => {
    for (const code of ['CERTIFICATE_UNTRUSTED', 'STAFF_INACTIVE', 'CERTIFICATE_EXPIRED', 'DEVICE_NOT_ENROLLED'] as const) {
      const m = FIXTURES.verifying!;
      expect(step(m, { type: 'login-failed', epoch: m.ctx.epoch, code }).machine.state).toEqual({ name: 'card-refused', code });
    }
  });

  it('the card disappearing mid-verify wipes like a removal', () => {
    const m = FIXTURES.verifying!;
    const r = step(m, { type: 'login-failed', epoch: m.ctx.epoch, code: 'CARD_REMOVED' });
    expect(r.machine.state).toEqual({ name: 'waiting-for-card', lastEnd: 'card-removed' });
  });
});

describe('password sessions', () => {
  const signedIn = (() => {
    const m = FIXTURES['waiting-for-card']!;
    expect(step(m, { type: 'password-login-requested' }).accepted).toBe(true);
    return step(m, { type: 'signed-in', epoch: m.ctx.epoch, person, method: 'password' }).machine;
  })();

  it('signs in from the card prompt', () => {
    expect(signedIn.state).toEqual({ name: 'signed-in', person, method: 'password' });
  });

  it('ignores card insertion and removal', () => {
    const a = step(signedIn, { type: 'card-inserted', reader: R1 });
    expect(a.machine.state).toEqual(signedIn.state);
    expect(a.effects).toEqual([]);
    const b = step(a.machine, { type: 'card-removed', reader: R1 });
    expect(b.machine.state).toEqual(signedIn.state);
  });

  it('ends on idle timeout and on sign-out', () => {
    expect(step(signedIn, { type: 'idle-timeout' }).machine.state).toEqual({ name: 'waiting-for-card', lastEnd: 'idle-timeout' });
    expect(step(signedIn, { type: 'sign-out' }).machine.state).toEqual({ name: 'waiting-for-card', lastEnd: 'signed-out' });
  });

  it('a password sign-in answer that arrives after a card was inserted is dropped', () => {
    const m = FIXTURES['waiting-for-card']!;
    const carded = step(m, insert()).machine;
    expect(step(carded, { type: 'signed-in', epoch: m.ctx.epoch, person, method: 'password' }).accepted).toBe(false);
  });
});

describe('readers and the PC/SC service recover by themselves', () => {
  it('no reader → reader plugged in → card prompt', () => {
    const r = step(FIXTURES['no-reader']!, { type: 'reader-added', reader: R1 });
    expect(r.machine.state).toEqual({ name: 'waiting-for-card' });
  });

  it('service stops and comes back', () => {
    const down = step(FIXTURES['waiting-for-card']!, { type: 'service-unavailable' }).machine;
    expect(down.state.name).toBe('no-reader');
    const up = step(down, { type: 'service-restored', readers: [{ name: R1, cardPresent: false }] }).machine;
    expect(up.state).toEqual({ name: 'waiting-for-card' });
    expect(step(up, insert()).machine.state.name).toBe('reading-card');
  });

  it('reads a card already present at start-up', () => {
    const r = step(initialMachine(), { type: 'boot', enrolled: true, serviceUp: true, readers: [{ name: R1, cardPresent: true }] });
    expect(r.machine.state).toEqual({ name: 'reading-card', step: 'connecting-card' });
    expect(r.effects).toEqual([{ type: 'read-card', reader: R1, epoch: 1 }]);
  });

  it('a second reader does not disturb a session on the first', () => {
    const m = FIXTURES['reset-password']!;
    const r = step(step(m, { type: 'reader-added', reader: R2 }).machine, { type: 'reader-removed', reader: R2 });
    expect(r.machine.state).toEqual(m.state);
  });

  it('a device that is not enrolled never starts a card flow', () => {
    const r = step(FIXTURES['not-enrolled']!, { type: 'card-inserted', reader: R1 });
    expect(r.machine.state.name).toBe('not-enrolled');
    expect(r.effects).toEqual([]);
  });
});

describe('the whole card flow', () => {
  it('insert → PIN → signed in → manage → reset → done → sign out', () => {
    const names: string[] = [];
    let m = initialMachine();
    const feed = (make: (x: SessionMachine) => SessionEvent) => {
      const r = step(m, make(m));
      expect(r.accepted).toBe(true);
      m = r.machine;
      names.push(m.state.name);
    };
    feed(boot);
    feed(insert);
    feed((x) => ({ type: 'card-progress', epoch: x.ctx.epoch, step: 'reading-certificate' }));
    feed(ready);
    feed(submit);
    feed((x) => ({ type: 'verify-progress', epoch: x.ctx.epoch, step: 'contacting-gateway' }));
    feed(cardSignedIn);
    feed(loaded);
    feed(() => ({ type: 'reset-started' }));
    feed(() => ({ type: 'back' }));
    feed(() => ({ type: 'reset-started' }));
    feed((x) => ({ type: 'password-changed', epoch: x.ctx.epoch }));
    feed(() => ({ type: 'sign-out' }));
    expect(names).toEqual([
      'waiting-for-card', 'reading-card', 'reading-card', 'pin-entry', 'verifying', 'verifying', 'signed-in',
      'manage-internet-access', 'reset-password', 'manage-internet-access', 'reset-password', 'reset-done',
      'waiting-for-card',
    ]);
    expect(m.state).toEqual({ name: 'waiting-for-card', lastEnd: 'password-changed' });
  });
});
