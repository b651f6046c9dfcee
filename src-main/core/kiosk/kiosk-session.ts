// The live session in main: the state machine, the token and the open card, and the events the
// renderer hears. Every change goes through `dispatch`; the machine's effects are run here, the
// wipe above all: on a card removal or timeout the token and card go at once, the renderer is
// told to clear what was typed, and the gateway is told in the background.

import type { IpcEventChannel, IpcEvents, SessionState } from '../../shared/ipc-contract';
import type { CardKeyAlgorithm, PivSession } from '../card/card-service';
import type { GatewayClient } from '../gateway/gateway-client';
import { IdleTimer } from '../session/idle-timer';
import type { SessionEffect, SessionEvent } from '../session/session-events';
import { initialMachine, step, type SessionMachine } from '../session/session-machine';
import type { KioskEventListener } from './kiosk-core';
import { codeOf, type KioskLog, type KioskSettings } from './kiosk-types';

/** The card of the current flow, read and selected; tied to the epoch it was opened in. */
export interface HeldCard {
  readonly piv: PivSession;
  readonly certificateDer: Uint8Array;
  readonly algorithm: CardKeyAlgorithm;
  readonly epoch: number;
}

export class KioskSession {
  private machine: SessionMachine = initialMachine();
  private readonly listeners = new Set<KioskEventListener>();
  private readonly idle: IdleTimer;
  /** The gateway session token: here and nowhere else in the kiosk. */
  token: string | null = null;
  card: HeldCard | null = null;
  /** Runs the machine's read-card effect (the card flow sets it). */
  onReadCard: (reader: string, epoch: number) => void = () => undefined;

  constructor(
    private readonly gateway: GatewayClient,
    private readonly log: KioskLog,
    settings: KioskSettings,
  ) {
    this.idle = new IdleTimer({
      timeoutSeconds: settings.idleTimeoutSeconds,
      warningSeconds: settings.idleWarningSeconds,
      onWarning: (warning) => this.emit('session:idle-warning', warning),
      onTimeout: () => this.dispatch({ type: 'idle-timeout' }),
    });
  }

  /** What the screen shows: the machine's state, plus whether a card was left in a reader. */
  get state(): SessionState {
    return withCardHint(this.machine);
  }

  /** A reader that still holds a card while nobody's card flow uses it (for `card:use-again`). */
  get leftCardReader(): string | null {
    return leftCardReaderOf(this.machine);
  }

  get epoch(): number {
    return this.machine.ctx.epoch;
  }

  subscribe(listener: KioskEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends IpcEventChannel>(channel: E, payload: IpcEvents[E]): void {
    for (const listener of this.listeners) {
      try {
        listener(channel, payload);
      } catch (error) {
        this.log.warn('event listener failed', { channel, error: String(error) });
      }
    }
  }

  /** Feed the machine; true when it accepted the event (and its effects have run). */
  dispatch(event: SessionEvent): boolean {
    const result = step(this.machine, event);
    if (!result.accepted) return false;
    const before = this.machine.state;
    const hintBefore = cardLeftIn(this.machine);
    this.machine = result.machine;
    for (const effect of result.effects) this.run(effect);
    // A card taken out after a sign-out changes only the hint, not the machine's state.
    if (this.machine.state !== before || cardLeftIn(this.machine) !== hintBefore) {
      this.emit('session:state', this.state);
      if (this.machine.state.name !== before.name) {
        this.log.info('session state', { from: before.name, to: this.machine.state.name });
      }
    }
    return true;
  }

  /**
   * Take a new gateway token for the sign-in `event` of flow `epoch`, or revoke it at once when
   * that flow has ended meanwhile (so it cannot replace the token of a newer session).
   */
  adoptToken(epoch: number, sessionToken: string, event: Extract<SessionEvent, { type: 'signed-in' }>): boolean {
    if (this.epoch !== epoch || this.token !== null) {
      this.revokeInBackground(sessionToken);
      return false;
    }
    this.token = sessionToken;
    if (this.dispatch(event)) return true;
    this.token = null;
    this.revokeInBackground(sessionToken);
    return false;
  }

  revokeInBackground(sessionToken: string): void {
    this.gateway.logout(sessionToken).then(
      () => this.log.info('gateway session revoked'),
      (error: unknown) => this.log.warn('revoking the gateway session failed; it expires by itself', { code: codeOf(error) }),
    );
  }

  async dispose(): Promise<void> {
    this.idle.stop();
    const revoked = this.token;
    this.token = null;
    const held = this.card;
    this.card = null;
    if (held) await held.piv.closeForgettingPin().catch(() => undefined);
    if (revoked !== null) await this.gateway.logout(revoked).catch(() => undefined);
    this.listeners.clear();
  }

  private run(effect: SessionEffect): void {
    switch (effect.type) {
      case 'read-card':
        this.onReadCard(effect.reader, effect.epoch);
        return;
      case 'end-session':
        this.wipe(effect.reason);
        return;
      case 'idle-timer':
        if (effect.action === 'restart') this.idle.restart();
        else this.idle.stop();
        return;
    }
  }

  /**
   * Everything the ended session held goes now; the gateway hears about it in the background.
   * The card handle is released at once, and a card left in the reader must not stay
   * PIN-verified for the next person: closeForgettingPin resets the PIN's security status (or
   * the card, if it cannot), which matters most on Windows, where an idle card stays powered.
   */
  private wipe(reason: IpcEvents['session:ended']['reason']): void {
    const revoked = this.token;
    this.token = null;
    const held = this.card;
    this.card = null;
    this.emit('session:ended', { reason });
    this.log.info('session ended', { reason, cardLeftInReader: cardLeftIn(this.machine) });
    if (held) {
      held.piv.closeForgettingPin().then(
        (how) => this.log.info('card released', { how }),
        (error: unknown) => this.log.warn('closing the card failed', { code: codeOf(error) }),
      );
    }
    if (revoked !== null) this.revokeInBackground(revoked);
  }
}

/** A reader that holds a card no card flow is using, if any. */
function leftCardReaderOf(machine: SessionMachine): string | null {
  if (machine.ctx.activeReader !== null) return null;
  return machine.ctx.readers.find((r) => r.cardPresent)?.name ?? null;
}

/** On the card prompt, a card sits in a reader that no card flow is using. */
function cardLeftIn(machine: SessionMachine): boolean {
  return machine.state.name === 'waiting-for-card' && leftCardReaderOf(machine) !== null;
}

function withCardHint(machine: SessionMachine): SessionState {
  const { state } = machine;
  return state.name === 'waiting-for-card' && cardLeftIn(machine) ? { ...state, cardInReader: true } : state;
}
