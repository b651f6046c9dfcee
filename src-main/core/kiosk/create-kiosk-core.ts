// The composition root (DESIGN.md sections 1-2): card service → PIV session → gateway client,
// driven by the one session state machine, exposed as the IPC handlers both transports call
// (Electron's ipcMain and the browser host's WebSocket, each through createIpcDispatcher).
//
// Secrets: the PIN arrives once, becomes bytes the card client zeroes, and goes nowhere else;
// the session token lives in this closure only and is dropped the moment a session ends.

import { performance } from 'node:perf_hooks';
import type { KioskErrorCode } from '../../shared/errors';
import type {
  ConfigProblem,
  IpcEventChannel,
  IpcEvents,
  IpcResult,
  KioskInfo,
  Language,
} from '../../shared/ipc-contract';
import { evaluatePassword } from '../../shared/password-policy';
import type { PasswordPolicyOptions } from '../../shared/password-rules';
import {
  CardError,
  PinBlockedError,
  PinIncorrectError,
  type CardKeyAlgorithm,
  type CardService,
  type CardServiceEvent,
  type PivSession,
} from '../card/card-service';
import type { GatewayClient } from '../gateway/gateway-client';
import { GatewayError } from '../gateway/gateway-error';
import { IdleTimer } from '../session/idle-timer';
import type { SessionEffect, SessionEvent } from '../session/session-events';
import { initialMachine, isTransientLoginError, step, type SessionMachine } from '../session/session-machine';
import { cardKeyAlgorithm, proveCardToGateway } from './card-login';
import type { IpcHandlers, KioskCore, KioskEventListener } from './kiosk-core';

export interface KioskSettings {
  readonly idleTimeoutSeconds: number;
  readonly idleWarningSeconds: number;
  readonly passwordPolicy: PasswordPolicyOptions;
  readonly language: Language;
  readonly supportContact: string;
  readonly managedSettings: readonly string[];
}

/** Structured, secret-free log lines (the caller's logger redacts and rotates). */
export interface KioskLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export type KioskTiming = 'insert-to-pin-entry' | 'pin-submit-to-signed-in' | 'card-removed-to-wiped';

export interface KioskCoreDeps {
  readonly version: string;
  readonly settings: KioskSettings;
  /** Set when the configuration failed validation: the kiosk shows what is wrong and stops there. */
  readonly configProblems?: readonly ConfigProblem[];
  readonly cards: CardService;
  readonly gateway: GatewayClient;
  /** The enrolled device's id, or null when this computer is not enrolled. */
  readonly deviceId: () => string | null;
  readonly log?: KioskLog;
  /** Milliseconds of each measured span (E2E and benchmarks report them). */
  readonly onTiming?: (name: KioskTiming, ms: number) => void;
}

const ok = <T>(value: T): IpcResult<T> => ({ ok: true, value });
const fail = (code: KioskErrorCode, extra: Omit<Extract<IpcResult<never>, { ok: false }>['error'], 'code'> = {}): IpcResult<never> => ({
  ok: false,
  error: { code, ...extra },
});

function codeOf(error: unknown): KioskErrorCode {
  if (error instanceof GatewayError || error instanceof CardError) return error.code;
  return 'INTERNAL';
}

function failFrom(error: unknown): IpcResult<never> {
  if (error instanceof GatewayError) {
    const extra: { failedRules?: NonNullable<GatewayError['failedRules']>; retryAfterSeconds?: number } = {};
    if (error.failedRules) extra.failedRules = error.failedRules;
    if (error.retryAfterSeconds !== undefined) extra.retryAfterSeconds = error.retryAfterSeconds;
    return fail(error.code, extra);
  }
  if (error instanceof PinIncorrectError) return fail('PIN_INCORRECT', { triesLeft: error.triesLeft });
  return fail(codeOf(error));
}

export function createKioskCore(deps: KioskCoreDeps): KioskCore {
  const { cards, gateway, settings } = deps;
  const log: KioskLog = deps.log ?? { info: () => undefined, warn: () => undefined };
  const listeners = new Set<KioskEventListener>();
  let machine: SessionMachine = initialMachine();
  let language: Language = settings.language;
  let token: string | null = null;
  let card: { piv: PivSession; certificateDer: Uint8Array; algorithm: CardKeyAlgorithm; epoch: number } | null = null;
  let unsubscribeCards: (() => void) | null = null;
  let cardInsertedAt: number | null = null;
  /** One gateway-changing command at a time (a double click must not send twice). */
  let busy = false;

  const idle = new IdleTimer({
    timeoutSeconds: settings.idleTimeoutSeconds,
    warningSeconds: settings.idleWarningSeconds,
    onWarning: (warning) => emit('session:idle-warning', warning),
    onTimeout: () => dispatch({ type: 'idle-timeout' }),
  });

  function emit<E extends IpcEventChannel>(channel: E, payload: IpcEvents[E]): void {
    for (const listener of listeners) {
      try {
        listener(channel, payload);
      } catch (error) {
        log.warn('event listener failed', { channel, error: String(error) });
      }
    }
  }

  function dispatch(event: SessionEvent): boolean {
    const result = step(machine, event);
    if (!result.accepted) return false;
    const before = machine.state;
    machine = result.machine;
    for (const effect of result.effects) runEffect(effect);
    if (machine.state !== before) {
      emit('session:state', machine.state);
      if (machine.state.name !== before.name) log.info('session state', { from: before.name, to: machine.state.name });
    }
    return true;
  }

  function runEffect(effect: SessionEffect): void {
    switch (effect.type) {
      case 'read-card':
        void readCard(effect.reader, effect.epoch);
        return;
      case 'end-session':
        wipe(effect.reason);
        return;
      case 'idle-timer':
        if (effect.action === 'restart') idle.restart();
        else idle.stop();
        return;
    }
  }

  /** Everything the ended session held goes now; the gateway hears about it in the background. */
  function wipe(reason: IpcEvents['session:ended']['reason']): void {
    const revoked = token;
    token = null;
    const held = card;
    card = null;
    emit('session:ended', { reason });
    log.info('session ended', { reason });
    if (held) void held.piv.close().catch((error: unknown) => log.warn('closing the card failed', { code: codeOf(error) }));
    if (revoked !== null) revokeInBackground(revoked);
  }

  function revokeInBackground(sessionToken: string): void {
    gateway.logout(sessionToken).then(
      () => log.info('gateway session revoked'),
      (error: unknown) => log.warn('revoking the gateway session failed; it expires by itself', { code: codeOf(error) }),
    );
  }

  async function readCard(reader: string, epoch: number): Promise<void> {
    const current = () => machine.ctx.epoch === epoch;
    let piv: PivSession | null = null;
    try {
      piv = await cards.openPiv(reader);
      if (!current()) return;
      dispatch({ type: 'card-progress', epoch, step: 'reading-certificate' });
      const certificateDer = await piv.readAuthenticationCertificate();
      const algorithm = cardKeyAlgorithm(certificateDer);
      const status = await piv.pinStatus();
      if (!current()) return;
      card = { piv, certificateDer, algorithm, epoch };
      piv = null;
      if (status.state === 'blocked') {
        dispatch({ type: 'card-failed', epoch, code: 'PIN_BLOCKED' });
        return;
      }
      dispatch({
        type: 'card-ready',
        epoch,
        pinPad: card.piv.pinPad,
        triesLeft: status.state === 'not-verified' ? status.triesLeft : null,
      });
      if (cardInsertedAt !== null) deps.onTiming?.('insert-to-pin-entry', performance.now() - cardInsertedAt);
    } catch (error) {
      log.warn('reading the card failed', { code: codeOf(error) });
      dispatch({ type: 'card-failed', epoch, code: codeOf(error) });
    } finally {
      // A card opened for a flow that has since ended is let go at once.
      if (piv !== null) void piv.close().catch(() => undefined);
    }
  }

  /** After the PIN is verified (or still verified, on a retry): prove the card, sign in. */
  async function finishCardLogin(epoch: number, startedAt: number): Promise<IpcResult<null>> {
    const held = card;
    const deviceId = deps.deviceId();
    if (held === null || held.epoch !== epoch) return fail('CARD_REMOVED');
    try {
      if (deviceId === null) throw new GatewayError('DEVICE_NOT_ENROLLED', 'this computer is not enrolled');
      const login = await proveCardToGateway({
        piv: held.piv,
        certificateDer: held.certificateDer,
        algorithm: held.algorithm,
        deviceId,
        gateway,
        onStep: (s) => dispatch({ type: 'verify-progress', epoch, step: s }),
      });
      token = login.sessionToken;
      if (!dispatch({ type: 'signed-in', epoch, person: login.person, method: 'card' })) {
        // The card went while the gateway answered: that session must not live on.
        token = null;
        revokeInBackground(login.sessionToken);
        return fail('CARD_REMOVED');
      }
      deps.onTiming?.('pin-submit-to-signed-in', performance.now() - startedAt);
      return ok(null);
    } catch (error) {
      const code = codeOf(error);
      log.warn('card login failed', { code });
      dispatch({ type: 'login-failed', epoch, code });
      return failFrom(error);
    }
  }

  async function loadInternetAccess(): Promise<IpcResult<null>> {
    const epoch = machine.ctx.epoch;
    const sessionToken = token;
    if (sessionToken === null || !dispatch({ type: 'internet-access-requested' })) return fail('NOT_ALLOWED_NOW');
    try {
      const account = await gateway.internetAccess(sessionToken);
      if (!dispatch({ type: 'internet-access-loaded', epoch, status: account.status, passwordChangedAt: account.passwordChangedAt })) {
        return fail('NOT_ALLOWED_NOW');
      }
      return ok(null);
    } catch (error) {
      if (codeOf(error) === 'SESSION_INVALID') dispatch({ type: 'session-invalid', epoch });
      return failFrom(error);
    }
  }

  async function exclusive(run: () => Promise<IpcResult<null>>): Promise<IpcResult<null>> {
    if (busy) return fail('NOT_ALLOWED_NOW');
    busy = true;
    try {
      return await run();
    } finally {
      busy = false;
    }
  }

  function onCardEvent(event: CardServiceEvent): void {
    switch (event.type) {
      case 'card-inserted':
        cardInsertedAt = performance.now();
        dispatch({ type: 'card-inserted', reader: event.reader });
        return;
      case 'card-removed': {
        const t0 = performance.now();
        if (dispatch({ type: 'card-removed', reader: event.reader }) && token === null && card === null) {
          deps.onTiming?.('card-removed-to-wiped', performance.now() - t0);
        }
        return;
      }
      case 'reader-added':
        dispatch({ type: 'reader-added', reader: event.reader });
        return;
      case 'reader-removed':
        dispatch({ type: 'reader-removed', reader: event.reader });
        return;
      case 'service-unavailable':
        dispatch({ type: 'service-unavailable' });
        return;
      case 'service-restored':
        dispatch({ type: 'service-restored', readers: cards.readers() });
        return;
    }
  }

  const handlers: IpcHandlers = {
    'kiosk:get-info': () => {
      const info: KioskInfo = {
        version: deps.version,
        language,
        passwordPolicy: settings.passwordPolicy,
        idleTimeoutSeconds: settings.idleTimeoutSeconds,
        managedSettings: settings.managedSettings,
        supportContact: settings.supportContact,
      };
      return Promise.resolve(ok(info));
    },
    'session:get-state': () => Promise.resolve(ok(machine.state)),

    'card:verify-pin': async ({ pin }) => {
      const s = machine.state;
      if (s.name !== 'pin-entry' || card === null) return fail('NOT_ALLOWED_NOW');
      const held = card;
      const epoch = machine.ctx.epoch;
      const startedAt = performance.now();
      // The string cannot be wiped (JS strings are immutable); the bytes the card sees can.
      const pinBytes = new TextEncoder().encode(pin);
      if (!dispatch({ type: 'pin-submitted' })) {
        pinBytes.fill(0);
        return fail('NOT_ALLOWED_NOW');
      }
      try {
        if (s.pinPad) await held.piv.verifyPinOnPad();
        else await held.piv.verifyPin(pinBytes);
      } catch (error) {
        if (error instanceof PinIncorrectError) {
          dispatch({ type: 'pin-incorrect', epoch, triesLeft: error.triesLeft });
        } else {
          dispatch({ type: 'login-failed', epoch, code: error instanceof PinBlockedError ? 'PIN_BLOCKED' : codeOf(error) });
        }
        return failFrom(error);
      } finally {
        pinBytes.fill(0);
      }
      return finishCardLogin(epoch, startedAt);
    },

    'gateway:retry': async () => {
      const s = machine.state;
      if (s.name === 'signed-in') return loadInternetAccess();
      if (s.name !== 'pin-entry' || s.lastError === undefined || !isTransientLoginError(s.lastError) || card === null) {
        return fail('NOT_ALLOWED_NOW');
      }
      const held = card;
      const epoch = machine.ctx.epoch;
      const startedAt = performance.now();
      if (!dispatch({ type: 'gateway-retry' })) return fail('NOT_ALLOWED_NOW');
      try {
        const status = await held.piv.pinStatus();
        if (status.state !== 'verified') {
          // The card forgot the PIN (reset): ask for it again rather than resend it.
          dispatch({ type: 'pin-needed', epoch, triesLeft: status.state === 'not-verified' ? status.triesLeft : null });
          return ok(null);
        }
      } catch (error) {
        dispatch({ type: 'login-failed', epoch, code: codeOf(error) });
        return failFrom(error);
      }
      return finishCardLogin(epoch, startedAt);
    },

    'card:cancel': () => Promise.resolve(dispatch({ type: 'cancel' }) ? ok(null) : fail('NOT_ALLOWED_NOW')),
    'session:sign-out': () => Promise.resolve(dispatch({ type: 'sign-out' }) ? ok(null) : fail('NOT_ALLOWED_NOW')),
    'session:activity': () => {
      dispatch({ type: 'activity' });
      return Promise.resolve(ok(null));
    },

    'internet-access:open': () => loadInternetAccess(),
    'internet-access:start-reset': () => Promise.resolve(dispatch({ type: 'reset-started' }) ? ok(null) : fail('NOT_ALLOWED_NOW')),
    'internet-access:back': () => {
      if (machine.state.name === 'reset-done') return loadInternetAccess();
      return Promise.resolve(dispatch({ type: 'back' }) ? ok(null) : fail('NOT_ALLOWED_NOW'));
    },

    'internet-access:submit-password': ({ newPassword, confirmPassword }) =>
      exclusive(async () => {
        const s = machine.state;
        const sessionToken = token;
        if (s.name !== 'reset-password' || sessionToken === null || !dispatch({ type: 'password-submitted' })) {
          return fail('NOT_ALLOWED_NOW');
        }
        if (newPassword !== confirmPassword) return fail('PASSWORDS_DO_NOT_MATCH');
        // The same rules the renderer ticks; the gateway's answer stays final (not-recent, lists).
        const evaluation = evaluatePassword(newPassword, { username: s.person.username }, settings.passwordPolicy);
        if (!evaluation.ok) return fail('PASSWORD_POLICY', { failedRules: evaluation.failed });
        const epoch = machine.ctx.epoch;
        try {
          await gateway.setInternetPassword(sessionToken, newPassword);
          dispatch({ type: 'password-changed', epoch });
          return ok(null);
        } catch (error) {
          if (codeOf(error) === 'SESSION_INVALID') dispatch({ type: 'session-invalid', epoch });
          return failFrom(error);
        }
      }),

    'password-login:submit': ({ username, password }) =>
      exclusive(async () => {
        if (!dispatch({ type: 'password-login-requested' })) return fail('NOT_ALLOWED_NOW');
        const epoch = machine.ctx.epoch;
        try {
          const login = await gateway.passwordLogin({ username, password });
          token = login.sessionToken;
          if (!dispatch({ type: 'signed-in', epoch, person: login.person, method: 'password' })) {
            token = null;
            revokeInBackground(login.sessionToken);
            return fail('NOT_ALLOWED_NOW');
          }
          return ok(null);
        } catch (error) {
          log.warn('password login failed', { code: codeOf(error) });
          return failFrom(error);
        }
      }),

    'recovery:username': (request) =>
      exclusive(async () => {
        if (!dispatch({ type: 'password-login-requested' })) return fail('NOT_ALLOWED_NOW');
        try {
          await gateway.recoverUsername(request);
          return ok(null);
        } catch (error) {
          return failFrom(error);
        }
      }),
    'recovery:password': (request) =>
      exclusive(async () => {
        if (!dispatch({ type: 'password-login-requested' })) return fail('NOT_ALLOWED_NOW');
        try {
          await gateway.recoverPassword(request);
          return ok(null);
        } catch (error) {
          return failFrom(error);
        }
      }),

    'kiosk:set-language': ({ language: next }) => {
      language = next;
      emit('kiosk:language', { language: next });
      return Promise.resolve(ok(null));
    },
  };

  return {
    handlers,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (deps.configProblems && deps.configProblems.length > 0) {
        dispatch({ type: 'config-invalid', problems: deps.configProblems });
        return Promise.resolve();
      }
      unsubscribeCards = cards.subscribe(onCardEvent);
      let serviceUp = true;
      try {
        cards.start();
      } catch (error) {
        serviceUp = false;
        log.warn('PC/SC is not available yet', { code: codeOf(error) });
      }
      dispatch({ type: 'boot', enrolled: deps.deviceId() !== null, serviceUp, readers: serviceUp ? cards.readers() : [] });
      return Promise.resolve();
    },
    async dispose() {
      idle.stop();
      unsubscribeCards?.();
      unsubscribeCards = null;
      const revoked = token;
      token = null;
      const held = card;
      card = null;
      if (held) await held.piv.close().catch(() => undefined);
      if (revoked !== null) await gateway.logout(revoked).catch(() => undefined);
      await cards.stop();
      listeners.clear();
    },
  };
}
