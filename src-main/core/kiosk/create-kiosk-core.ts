// The composition root (DESIGN.md sections 1-2): card service → PIV session → gateway client,
// driven by the one session state machine, exposed as the IPC handlers both transports call
// (Electron's ipcMain and the browser host's WebSocket, each through createIpcDispatcher).
//
// Secrets: the PIN arrives once, becomes bytes the card client zeroes, and goes nowhere else
// (card-flow.ts); the session token lives in KioskSession only and is dropped the moment a
// session ends (kiosk-session.ts).

import { performance } from 'node:perf_hooks';
import type { IpcResult, KioskInfo, Language } from '../../shared/ipc-contract';
import { evaluatePassword } from '../../shared/password-policy';
import type { CardServiceEvent } from '../card/card-service';
import { CardFlow } from './card-flow';
import type { IpcHandlers, KioskCore } from './kiosk-core';
import { KioskSession } from './kiosk-session';
import { codeOf, fail, failFrom, ok, type KioskCoreDeps, type KioskLog } from './kiosk-types';

export type { KioskCoreDeps, KioskLog, KioskSettings, KioskTiming } from './kiosk-types';

export function createKioskCore(deps: KioskCoreDeps): KioskCore {
  const { cards, gateway, settings } = deps;
  const log: KioskLog = deps.log ?? { info: () => undefined, warn: () => undefined };
  const session = new KioskSession(gateway, log, settings);
  const flow = new CardFlow(session, { cards, gateway, deviceId: deps.deviceId, log, onTiming: deps.onTiming });
  let language: Language = settings.language;
  let unsubscribeCards: (() => void) | null = null;
  /** One gateway-changing command at a time (a double click must not send twice). */
  let busy = false;

  const answer = (accepted: boolean): Promise<IpcResult<null>> => Promise.resolve(accepted ? ok(null) : fail('NOT_ALLOWED_NOW'));

  async function exclusive(run: () => Promise<IpcResult<null>>): Promise<IpcResult<null>> {
    if (busy) return fail('NOT_ALLOWED_NOW');
    busy = true;
    try {
      return await run();
    } finally {
      busy = false;
    }
  }

  async function loadInternetAccess(): Promise<IpcResult<null>> {
    const epoch = session.epoch;
    const sessionToken = session.token;
    if (sessionToken === null || !session.dispatch({ type: 'internet-access-requested' })) return fail('NOT_ALLOWED_NOW');
    try {
      const account = await gateway.internetAccess(sessionToken);
      const loaded = session.dispatch({
        type: 'internet-access-loaded',
        epoch,
        status: account.status,
        passwordChangedAt: account.passwordChangedAt,
      });
      return loaded ? ok(null) : fail('NOT_ALLOWED_NOW');
    } catch (error) {
      if (codeOf(error) === 'SESSION_INVALID') session.dispatch({ type: 'session-invalid', epoch });
      return failFrom(error);
    }
  }

  /** Recovery and password sign-in start from the card prompt, like the screens that ask for them. */
  async function fromCardPrompt(run: () => Promise<void>): Promise<IpcResult<null>> {
    if (!session.dispatch({ type: 'password-login-requested' })) return fail('NOT_ALLOWED_NOW');
    try {
      await run();
      return ok(null);
    } catch (error) {
      return failFrom(error);
    }
  }

  function onCardEvent(event: CardServiceEvent): void {
    switch (event.type) {
      case 'card-inserted':
        flow.cardInsertedAt = performance.now();
        session.dispatch({ type: 'card-inserted', reader: event.reader });
        return;
      case 'card-removed': {
        const t0 = performance.now();
        if (session.dispatch({ type: 'card-removed', reader: event.reader }) && session.token === null && session.card === null) {
          deps.onTiming?.('card-removed-to-wiped', performance.now() - t0);
        }
        return;
      }
      case 'reader-added':
      case 'reader-removed':
        session.dispatch({ type: event.type, reader: event.reader });
        return;
      case 'service-unavailable':
        session.dispatch({ type: 'service-unavailable' });
        return;
      case 'service-restored':
        session.dispatch({ type: 'service-restored', readers: cards.readers() });
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
    'session:get-state': () => Promise.resolve(ok(session.state)),

    'card:verify-pin': ({ pin }) => flow.verifyPin(pin),
    'gateway:retry': () => (session.state.name === 'signed-in' ? loadInternetAccess() : flow.retryLogin()),
    'card:cancel': () => answer(session.dispatch({ type: 'cancel' })),
    // A card left in the reader after a sign-out or timeout: read it as if just inserted. The
    // flow always asks for the PIN (card-flow.ts never skips VERIFY), whatever the card says.
    'card:use-again': () => {
      const reader = session.state.name === 'waiting-for-card' ? session.leftCardReader : null;
      if (reader === null) return Promise.resolve(fail('CARD_REMOVED'));
      flow.cardInsertedAt = null;
      return answer(session.dispatch({ type: 'card-inserted', reader }));
    },
    'session:sign-out': () => answer(session.dispatch({ type: 'sign-out' })),
    'session:activity': () => {
      session.dispatch({ type: 'activity' });
      return Promise.resolve(ok(null));
    },

    'internet-access:open': () => loadInternetAccess(),
    'internet-access:start-reset': () => answer(session.dispatch({ type: 'reset-started' })),
    'internet-access:back': () =>
      session.state.name === 'reset-done' ? loadInternetAccess() : answer(session.dispatch({ type: 'back' })),

    'internet-access:submit-password': ({ newPassword, confirmPassword }) =>
      exclusive(async () => {
        const s = session.state;
        const sessionToken = session.token;
        if (s.name !== 'reset-password' || sessionToken === null || !session.dispatch({ type: 'password-submitted' })) {
          return fail('NOT_ALLOWED_NOW');
        }
        if (newPassword !== confirmPassword) return fail('PASSWORDS_DO_NOT_MATCH');
        // The same rules the renderer ticks; the gateway's answer stays final (not-recent, lists).
        const evaluation = evaluatePassword(newPassword, { username: s.person.username }, settings.passwordPolicy);
        if (!evaluation.ok) return fail('PASSWORD_POLICY', { failedRules: evaluation.failed });
        const epoch = session.epoch;
        try {
          await gateway.setInternetPassword(sessionToken, newPassword);
          session.dispatch({ type: 'password-changed', epoch });
          return ok(null);
        } catch (error) {
          if (codeOf(error) === 'SESSION_INVALID') session.dispatch({ type: 'session-invalid', epoch });
          return failFrom(error);
        }
      }),

    'password-login:submit': ({ username, password }) =>
      exclusive(async () => {
        if (!session.dispatch({ type: 'password-login-requested' })) return fail('NOT_ALLOWED_NOW');
        const epoch = session.epoch;
        try {
          const login = await gateway.passwordLogin({ username, password });
          const event = { type: 'signed-in', epoch, person: login.person, method: 'password' } as const;
          return session.adoptToken(epoch, login.sessionToken, event) ? ok(null) : fail('NOT_ALLOWED_NOW');
        } catch (error) {
          log.warn('password login failed', { code: codeOf(error) });
          return failFrom(error);
        }
      }),

    'recovery:username': (request) => exclusive(() => fromCardPrompt(() => gateway.recoverUsername(request))),
    'recovery:password': (request) => exclusive(() => fromCardPrompt(() => gateway.recoverPassword(request))),

    'kiosk:set-language': ({ language: next }) => {
      language = next;
      session.emit('kiosk:language', { language: next });
      return Promise.resolve(ok(null));
    },
  };

  return {
    handlers,
    subscribe: (listener) => session.subscribe(listener),
    start() {
      if (deps.configProblems && deps.configProblems.length > 0) {
        session.dispatch({ type: 'config-invalid', problems: deps.configProblems });
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
      session.dispatch({ type: 'boot', enrolled: deps.deviceId() !== null, serviceUp, readers: serviceUp ? cards.readers() : [] });
      return Promise.resolve();
    },
    async dispose() {
      unsubscribeCards?.();
      unsubscribeCards = null;
      await session.dispose();
      await cards.stop();
    },
  };
}
