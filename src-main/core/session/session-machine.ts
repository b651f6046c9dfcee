// The kiosk's one state machine (DESIGN.md section 2): who is signed in and what the screen
// shows. Pure: `step` takes the machine and an event and returns the next machine, the effects
// the composition root must run, and whether the event was accepted. No timers, no I/O.

import type { KioskErrorCode } from '../../shared/errors';
import type { InternetAccessStatus } from '../../shared/gateway-api';
import type { EndReason, SessionState, SessionStateName } from '../../shared/ipc-contract';
import type { ReaderInfo } from '../card/card-service';
import type { SessionEffect, SessionEvent, SignInMethod } from './session-events';

export interface SessionContext {
  readonly enrolled: boolean;
  readonly serviceUp: boolean;
  readonly readers: readonly ReaderInfo[];
  /** The reader whose card the current card flow or session belongs to. */
  readonly activeReader: string | null;
  /** Bumped by every wipe and every new card flow; stale async results carry an old one. */
  readonly epoch: number;
  /** Last internet-access answer, so "back" from the reset screen needs no round trip. */
  readonly account: { readonly status: InternetAccessStatus; readonly passwordChangedAt: string | null } | null;
  /** The idle timer runs (also on the card prompt once someone starts typing there). */
  readonly idleArmed: boolean;
  /** Carried through `verifying` so a failed attempt returns to the same PIN screen. */
  readonly lastTriesLeft: number | null;
  readonly lastPinPad: boolean;
}

export interface SessionMachine {
  readonly state: SessionState;
  readonly ctx: SessionContext;
}

export interface StepResult {
  readonly machine: SessionMachine;
  readonly effects: readonly SessionEffect[];
  readonly accepted: boolean;
}

export function initialMachine(): SessionMachine {
  return {
    state: { name: 'starting' },
    ctx: {
      enrolled: false,
      serviceUp: false,
      readers: [],
      activeReader: null,
      epoch: 0,
      account: null,
      idleArmed: false,
      lastTriesLeft: null,
      lastPinPad: false,
    },
  };
}

/** States in which an absent person's session must time out. */
const IDLE_TRACKED: ReadonlySet<SessionStateName> = new Set<SessionStateName>([
  'pin-entry',
  'card-blocked',
  'card-refused',
  'signed-in',
  'manage-internet-access',
  'reset-password',
  'reset-done',
]);

/** States where someone is signed in at the gateway. */
const SIGNED_IN: ReadonlySet<SessionStateName> = new Set<SessionStateName>([
  'signed-in',
  'manage-internet-access',
  'reset-password',
  'reset-done',
]);

/** Gateway answers after which the same card may simply try again (nothing about the card is wrong). */
const TRANSIENT_LOGIN_CODES: ReadonlySet<KioskErrorCode> = new Set<KioskErrorCode>([
  'GATEWAY_UNREACHABLE',
  'GATEWAY_TIMEOUT',
  'GATEWAY_TLS',
  'GATEWAY_PROTOCOL',
  'RATE_LIMITED',
  'INTERNAL',
  'CHALLENGE_UNKNOWN',
  'CHALLENGE_EXPIRED',
  'CHALLENGE_USED',
  'DEVICE_CLOCK_SKEW',
  'DEVICE_NONCE_REPLAYED',
]);

export function isTransientLoginError(code: KioskErrorCode): boolean {
  return TRANSIENT_LOGIN_CODES.has(code);
}

export function isSignedIn(state: SessionState): boolean {
  return SIGNED_IN.has(state.name);
}

function methodOf(state: SessionState): SignInMethod | null {
  switch (state.name) {
    case 'signed-in':
    case 'manage-internet-access':
    case 'reset-password':
    case 'reset-done':
      return state.method;
    default:
      return null;
  }
}

/** A flow or session exists that a wipe must end. */
function hasSomethingToWipe(m: SessionMachine): boolean {
  return m.ctx.activeReader !== null || methodOf(m.state) !== null || isCardFlow(m.state.name);
}

function isCardFlow(name: SessionStateName): boolean {
  return (
    name === 'reading-card' ||
    name === 'pin-entry' ||
    name === 'verifying' ||
    name === 'card-blocked' ||
    name === 'card-refused'
  );
}

function restingState(ctx: SessionContext, lastEnd?: EndReason): SessionState {
  if (!ctx.enrolled) return { name: 'not-enrolled' };
  if (!ctx.serviceUp || ctx.readers.length === 0) return { name: 'no-reader' };
  return lastEnd === undefined ? { name: 'waiting-for-card' } : { name: 'waiting-for-card', lastEnd };
}

function withReaders(ctx: SessionContext, readers: readonly ReaderInfo[]): SessionContext {
  return { ...ctx, readers };
}

function setCardPresent(readers: readonly ReaderInfo[], reader: string, cardPresent: boolean): readonly ReaderInfo[] {
  const known = readers.some((r) => r.name === reader);
  const next = readers.map((r) => (r.name === reader ? { name: r.name, cardPresent } : r));
  return known ? next : [...next, { name: reader, cardPresent }];
}

const REJECT = (m: SessionMachine): StepResult => ({ machine: m, effects: [], accepted: false });

/** Attach the idle-timer effect a state change implies. */
function settle(prev: SessionMachine, next: SessionMachine, effects: SessionEffect[]): StepResult {
  const tracked = IDLE_TRACKED.has(next.state.name);
  const wasArmed = prev.ctx.idleArmed;
  let machine = next;
  if (tracked && (!wasArmed || prev.state.name !== next.state.name)) {
    machine = { ...next, ctx: { ...next.ctx, idleArmed: true } };
    effects.push({ type: 'idle-timer', action: 'restart' });
  } else if (!tracked && wasArmed && (prev.state.name !== next.state.name || !next.ctx.idleArmed)) {
    machine = { ...next, ctx: { ...next.ctx, idleArmed: false } };
    effects.push({ type: 'idle-timer', action: 'stop' });
  }
  return { machine, effects, accepted: true };
}

/** The wipe: new epoch, nothing held, back to the card prompt saying why. */
function endSession(m: SessionMachine, reason: EndReason, ctxPatch: Partial<SessionContext> = {}): StepResult {
  const ctx: SessionContext = {
    ...m.ctx,
    ...ctxPatch,
    activeReader: null,
    account: null,
    epoch: m.ctx.epoch + 1,
    idleArmed: false,
    lastTriesLeft: null,
    lastPinPad: false,
  };
  const effects: SessionEffect[] = [{ type: 'end-session', reason }];
  if (m.ctx.idleArmed) effects.push({ type: 'idle-timer', action: 'stop' });
  return { machine: { state: restingState(ctx, reason), ctx }, effects, accepted: true };
}

function startCardFlow(m: SessionMachine, reader: string, readers: readonly ReaderInfo[]): StepResult {
  const ctx: SessionContext = { ...m.ctx, readers, activeReader: reader, epoch: m.ctx.epoch + 1 };
  return settle(m, { state: { name: 'reading-card', step: 'connecting-card' }, ctx }, [
    { type: 'read-card', reader, epoch: ctx.epoch },
  ]);
}

function canStartCardFlow(m: SessionMachine): boolean {
  return m.ctx.enrolled && (m.state.name === 'waiting-for-card' || m.state.name === 'no-reader');
}

export function step(m: SessionMachine, e: SessionEvent): StepResult {
  const s = m.state;
  // Async results from an ended flow are dropped whatever the event.
  if ('epoch' in e && e.epoch !== m.ctx.epoch) return REJECT(m);

  switch (e.type) {
    case 'boot': {
      if (s.name !== 'starting') return REJECT(m);
      const ctx: SessionContext = { ...m.ctx, enrolled: e.enrolled, serviceUp: e.serviceUp, readers: e.readers };
      const booted: SessionMachine = { state: restingState(ctx), ctx };
      // A card already in the reader at start-up is read at once.
      const withCard = e.readers.find((r) => r.cardPresent);
      if (withCard && canStartCardFlow(booted)) return startCardFlow(booted, withCard.name, e.readers);
      return settle(m, booted, []);
    }
    case 'config-invalid':
      if (s.name !== 'starting') return REJECT(m);
      return settle(m, { ...m, state: { name: 'config-error', problems: e.problems } }, []);

    case 'reader-added': {
      const readers = m.ctx.readers.some((r) => r.name === e.reader)
        ? m.ctx.readers
        : [...m.ctx.readers, { name: e.reader, cardPresent: false }];
      const ctx = withReaders(m.ctx, readers);
      if (s.name === 'no-reader') return settle(m, { state: restingState(ctx), ctx }, []);
      return { machine: { ...m, ctx }, effects: [], accepted: true };
    }
    case 'reader-removed': {
      const readers = m.ctx.readers.filter((r) => r.name !== e.reader);
      if (m.ctx.activeReader === e.reader) return endSession(m, 'card-removed', { readers });
      const ctx = withReaders(m.ctx, readers);
      if (s.name === 'waiting-for-card' && readers.length === 0) {
        return settle(m, { state: restingState(ctx), ctx }, []);
      }
      return { machine: { ...m, ctx }, effects: [], accepted: true };
    }
    case 'card-inserted': {
      const readers = setCardPresent(m.ctx.readers, e.reader, true);
      if (canStartCardFlow(m) && m.ctx.activeReader === null && m.ctx.serviceUp) {
        return startCardFlow(m, e.reader, readers);
      }
      // A card in another reader, or during a password session, changes nothing.
      return { machine: { ...m, ctx: withReaders(m.ctx, readers) }, effects: [], accepted: true };
    }
    case 'card-removed': {
      const readers = setCardPresent(m.ctx.readers, e.reader, false);
      if (m.ctx.activeReader === e.reader) return endSession(m, 'card-removed', { readers });
      return { machine: { ...m, ctx: withReaders(m.ctx, readers) }, effects: [], accepted: true };
    }
    case 'service-unavailable': {
      // The card handle is gone with the service: a card session cannot continue safely.
      if (m.ctx.activeReader !== null) return endSession(m, 'card-removed', { serviceUp: false, readers: [] });
      const ctx: SessionContext = { ...m.ctx, serviceUp: false, readers: [] };
      if (s.name === 'waiting-for-card') return settle(m, { state: restingState(ctx), ctx }, []);
      return { machine: { ...m, ctx }, effects: [], accepted: true };
    }
    case 'service-restored': {
      const ctx: SessionContext = { ...m.ctx, serviceUp: true, readers: e.readers };
      if (s.name === 'no-reader') return settle(m, { state: restingState(ctx), ctx }, []);
      return { machine: { ...m, ctx }, effects: [], accepted: true };
    }
    case 'idle-timeout':
      if (!m.ctx.idleArmed) return REJECT(m);
      return endSession(m, 'idle-timeout');

    case 'card-progress':
      if (s.name !== 'reading-card') return REJECT(m);
      return settle(m, { ...m, state: { name: 'reading-card', step: e.step } }, []);
    case 'card-ready':
      if (s.name !== 'reading-card') return REJECT(m);
      return settle(m, { ...m, state: { name: 'pin-entry', triesLeft: e.triesLeft, pinPad: e.pinPad } }, []);
    case 'card-failed':
      if (s.name !== 'reading-card') return REJECT(m);
      return cardProblem(m, e.code);

    case 'verify-progress':
      if (s.name !== 'verifying') return REJECT(m);
      return settle(m, { ...m, state: { name: 'verifying', step: e.step } }, []);
    case 'pin-incorrect':
      if (s.name !== 'verifying') return REJECT(m);
      return settle(
        m,
        { ...m, state: { name: 'pin-entry', triesLeft: e.triesLeft, lastError: 'PIN_INCORRECT', pinPad: pinPadOf(m) } },
        [],
      );
    case 'pin-needed':
      if (s.name !== 'verifying') return REJECT(m);
      return settle(m, { ...m, state: { name: 'pin-entry', triesLeft: e.triesLeft, pinPad: pinPadOf(m) } }, []);
    case 'login-failed':
      if (s.name !== 'verifying') return REJECT(m);
      if (isTransientLoginError(e.code)) {
        return settle(
          m,
          { ...m, state: { name: 'pin-entry', triesLeft: m.ctx.lastTriesLeft, lastError: e.code, pinPad: pinPadOf(m) } },
          [],
        );
      }
      return cardProblem(m, e.code);
    case 'signed-in': {
      const fromCard = s.name === 'verifying' && e.method === 'card';
      const fromPassword =
        e.method === 'password' && (s.name === 'waiting-for-card' || s.name === 'no-reader') && m.ctx.activeReader === null;
      if (!fromCard && !fromPassword) return REJECT(m);
      return settle(m, { ...m, state: { name: 'signed-in', person: e.person, method: e.method } }, []);
    }
    case 'internet-access-loaded': {
      if (s.name !== 'signed-in' && s.name !== 'manage-internet-access' && s.name !== 'reset-done') return REJECT(m);
      const account = { status: e.status, passwordChangedAt: e.passwordChangedAt };
      return settle(
        m,
        {
          state: { name: 'manage-internet-access', person: s.person, method: s.method, ...account },
          ctx: { ...m.ctx, account },
        },
        [],
      );
    }
    case 'password-changed':
      if (s.name !== 'reset-password') return REJECT(m);
      return settle(m, { ...m, state: { name: 'reset-done', person: s.person, method: s.method } }, []);
    case 'session-invalid':
      if (!isSignedIn(s)) return REJECT(m);
      return endSession(m, 'session-expired');

    case 'pin-submitted':
      if (s.name !== 'pin-entry') return REJECT(m);
      return settle(
        m,
        { state: { name: 'verifying', step: 'checking-pin' }, ctx: { ...m.ctx, lastTriesLeft: s.triesLeft, lastPinPad: s.pinPad } },
        [],
      );
    case 'gateway-retry':
      if (s.name !== 'pin-entry' || s.lastError === undefined || !isTransientLoginError(s.lastError)) return REJECT(m);
      return settle(
        m,
        { state: { name: 'verifying', step: 'contacting-gateway' }, ctx: { ...m.ctx, lastTriesLeft: s.triesLeft, lastPinPad: s.pinPad } },
        [],
      );
    case 'cancel':
      if (!isCardFlow(s.name) || s.name === 'verifying') return REJECT(m);
      return endSession(m, 'signed-out');
    case 'sign-out':
      if (!hasSomethingToWipe(m) || s.name === 'verifying' || s.name === 'reading-card') return REJECT(m);
      return endSession(m, s.name === 'reset-done' ? 'password-changed' : 'signed-out');
    case 'activity': {
      if (IDLE_TRACKED.has(s.name)) return { machine: m, effects: [{ type: 'idle-timer', action: 'restart' }], accepted: true };
      // Typing on the card prompt's sign-in or recovery forms: clear them if left alone.
      if (s.name === 'waiting-for-card' || s.name === 'no-reader') {
        return {
          machine: { ...m, ctx: { ...m.ctx, idleArmed: true } },
          effects: [{ type: 'idle-timer', action: 'restart' }],
          accepted: true,
        };
      }
      return REJECT(m);
    }
    case 'password-login-requested':
      return (s.name === 'waiting-for-card' || s.name === 'no-reader') && m.ctx.enrolled
        ? { machine: m, effects: [], accepted: true }
        : REJECT(m);
    case 'internet-access-requested':
      return s.name === 'signed-in' || s.name === 'manage-internet-access' || s.name === 'reset-done'
        ? { machine: m, effects: [], accepted: true }
        : REJECT(m);
    case 'reset-started':
      if (s.name !== 'manage-internet-access') return REJECT(m);
      return settle(m, { ...m, state: { name: 'reset-password', person: s.person, method: s.method } }, []);
    case 'back':
      if (s.name !== 'reset-password' || m.ctx.account === null) return REJECT(m);
      return settle(
        m,
        { ...m, state: { name: 'manage-internet-access', person: s.person, method: s.method, ...m.ctx.account } },
        [],
      );
    case 'password-submitted':
      return s.name === 'reset-password' ? { machine: m, effects: [], accepted: true } : REJECT(m);
  }
}

function pinPadOf(m: SessionMachine): boolean {
  return m.ctx.lastPinPad;
}

function cardProblem(m: SessionMachine, code: KioskErrorCode): StepResult {
  if (code === 'CARD_REMOVED') return endSession(m, 'card-removed');
  if (code === 'PIN_BLOCKED') return settle(m, { ...m, state: { name: 'card-blocked' } }, []);
  return settle(m, { ...m, state: { name: 'card-refused', code } }, []);
}
