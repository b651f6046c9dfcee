// The card flow of a login: read the inserted card, take the PIN once (or let the reader's pad
// take it), prove the card to the gateway, sign in. Every step reports to the session machine
// with the epoch it started in, so a card pulled halfway ends it cleanly.

import { performance } from 'node:perf_hooks';
import type { IpcResult } from '../../shared/ipc-contract';
import { PinBlockedError, PinIncorrectError, type CardService, type PivSession } from '../card/card-service';
import type { GatewayClient } from '../gateway/gateway-client';
import { GatewayError } from '../gateway/gateway-error';
import { isTransientLoginError } from '../session/session-machine';
import { cardKeyAlgorithm, proveCardToGateway } from './card-login';
import type { KioskSession } from './kiosk-session';
import { codeOf, fail, failFrom, ok, type KioskLog, type KioskTiming } from './kiosk-types';

export interface CardFlowDeps {
  readonly cards: CardService;
  readonly gateway: GatewayClient;
  readonly deviceId: () => string | null;
  readonly log: KioskLog;
  readonly onTiming?: ((name: KioskTiming, ms: number) => void) | undefined;
}

export class CardFlow {
  /** When PC/SC reported the card of the current flow (for the insert → PIN timing). */
  cardInsertedAt: number | null = null;

  constructor(
    private readonly session: KioskSession,
    private readonly deps: CardFlowDeps,
  ) {
    session.onReadCard = (reader, epoch) => void this.readCard(reader, epoch);
  }

  /** `card:verify-pin`: the PIN arrives once, goes to the card as bytes, and those are zeroed. */
  async verifyPin(pin: string): Promise<IpcResult<null>> {
    const { session } = this;
    const s = session.state;
    // With a PIN pad the PIN is typed on the reader, never on screen.
    if (s.name !== 'pin-entry' || s.pinPad || session.card === null) return fail('NOT_ALLOWED_NOW');
    const held = session.card;
    const epoch = session.epoch;
    const startedAt = performance.now();
    // The string cannot be wiped (JS strings are immutable); the bytes the card sees can.
    const pinBytes = new TextEncoder().encode(pin);
    if (!session.dispatch({ type: 'pin-submitted' })) {
      pinBytes.fill(0);
      return fail('NOT_ALLOWED_NOW');
    }
    try {
      await held.piv.verifyPin(pinBytes);
    } catch (error) {
      if (error instanceof PinIncorrectError) {
        session.dispatch({ type: 'pin-incorrect', epoch, triesLeft: error.triesLeft });
      } else {
        session.dispatch({ type: 'login-failed', epoch, code: error instanceof PinBlockedError ? 'PIN_BLOCKED' : codeOf(error) });
      }
      return failFrom(error);
    } finally {
      pinBytes.fill(0);
    }
    return this.finishLogin(epoch, startedAt);
  }

  /** `gateway:retry` on the PIN screen: finish the login with the PIN the card already holds. */
  async retryLogin(): Promise<IpcResult<null>> {
    const { session } = this;
    const s = session.state;
    if (s.name !== 'pin-entry' || s.lastError === undefined || !isTransientLoginError(s.lastError) || session.card === null) {
      return fail('NOT_ALLOWED_NOW');
    }
    const held = session.card;
    const epoch = session.epoch;
    const startedAt = performance.now();
    if (!session.dispatch({ type: 'gateway-retry' })) return fail('NOT_ALLOWED_NOW');
    try {
      const status = await held.piv.pinStatus();
      if (status.state !== 'verified') {
        // The card forgot the PIN (reset): ask for it again rather than resend it.
        session.dispatch({ type: 'pin-needed', epoch, triesLeft: status.state === 'not-verified' ? status.triesLeft : null });
        return ok(null);
      }
    } catch (error) {
      session.dispatch({ type: 'login-failed', epoch, code: codeOf(error) });
      return failFrom(error);
    }
    return this.finishLogin(epoch, startedAt);
  }

  private async readCard(reader: string, epoch: number): Promise<void> {
    const { session } = this;
    const current = () => session.epoch === epoch;
    let piv: PivSession | null = null;
    try {
      piv = await this.deps.cards.openPiv(reader);
      if (!current()) return;
      session.dispatch({ type: 'card-progress', epoch, step: 'reading-certificate' });
      const certificateDer = await piv.readAuthenticationCertificate();
      const algorithm = cardKeyAlgorithm(certificateDer);
      const status = await piv.pinStatus();
      if (!current()) return;
      const held = { piv, certificateDer, algorithm, epoch };
      session.card = held;
      piv = null;
      if (status.state === 'blocked') {
        session.dispatch({ type: 'card-failed', epoch, code: 'PIN_BLOCKED' });
        return;
      }
      session.dispatch({
        type: 'card-ready',
        epoch,
        pinPad: held.piv.pinPad,
        triesLeft: status.state === 'not-verified' ? status.triesLeft : null,
      });
      if (this.cardInsertedAt !== null) this.deps.onTiming?.('insert-to-pin-entry', performance.now() - this.cardInsertedAt);
      if (held.piv.pinPad) void this.verifyOnPad(epoch);
    } catch (error) {
      this.deps.log.warn('reading the card failed', { code: codeOf(error) });
      session.dispatch({ type: 'card-failed', epoch, code: codeOf(error) });
    } finally {
      // A card opened for a flow that has since ended is let go at once, PIN state cleared.
      if (piv !== null) void piv.closeForgettingPin().catch(() => undefined);
    }
  }

  /**
   * A reader with a PIN pad: the PIN never enters this process. The pad waits for the person;
   * the screen stays on "enter your PIN on the reader" until the card answers.
   */
  private async verifyOnPad(epoch: number): Promise<void> {
    const { session } = this;
    const held = session.card;
    if (held === null || held.epoch !== epoch) return;
    const startedAt = performance.now();
    try {
      await held.piv.verifyPinOnPad();
    } catch (error) {
      if (session.epoch !== epoch || !session.dispatch({ type: 'pin-submitted' })) return;
      if (error instanceof PinIncorrectError) {
        session.dispatch({ type: 'pin-incorrect', epoch, triesLeft: error.triesLeft });
        void this.verifyOnPad(epoch);
      } else {
        session.dispatch({ type: 'login-failed', epoch, code: error instanceof PinBlockedError ? 'PIN_BLOCKED' : codeOf(error) });
      }
      return;
    }
    if (!session.dispatch({ type: 'pin-submitted' })) return;
    await this.finishLogin(epoch, startedAt);
  }

  /** After the PIN is verified (or still verified, on a retry): prove the card, sign in. */
  private async finishLogin(epoch: number, startedAt: number): Promise<IpcResult<null>> {
    const { session, deps } = this;
    const held = session.card;
    const deviceId = deps.deviceId();
    if (held === null || held.epoch !== epoch) return fail('CARD_REMOVED');
    try {
      if (deviceId === null) throw new GatewayError('DEVICE_NOT_ENROLLED', 'this computer is not enrolled');
      const login = await proveCardToGateway({
        piv: held.piv,
        certificateDer: held.certificateDer,
        algorithm: held.algorithm,
        deviceId,
        gateway: deps.gateway,
        onStep: (s) => session.dispatch({ type: 'verify-progress', epoch, step: s }),
      });
      // The card went while the gateway answered: that session must not live on.
      if (!session.adoptToken(epoch, login.sessionToken, { type: 'signed-in', epoch, person: login.person, method: 'card' })) {
        return fail('CARD_REMOVED');
      }
      deps.onTiming?.('pin-submit-to-signed-in', performance.now() - startedAt);
      return ok(null);
    } catch (error) {
      const code = codeOf(error);
      deps.log.warn('card login failed', { code });
      session.dispatch({ type: 'login-failed', epoch, code });
      return failFrom(error);
    }
  }
}
