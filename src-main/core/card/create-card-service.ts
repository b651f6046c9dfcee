// The card service: a watcher over a PC/SC context and the supervisor that keeps one alive.
//
// - Watcher: turns reader and card state into CardServiceEvents (reader-added/-removed,
//   card-inserted with ATR, card-removed), for the readers the config's name filter lets in.
// - Supervisor: when the service goes away (pcscd killed, SCARD_E_NO_SERVICE,
//   SCARD_E_SERVICE_STOPPED when Windows stops it with the last reader) it reports
//   service-unavailable, closes the context and establishes a new one with backoff, then
//   reports service-restored and the readers and cards it finds. A call that outlives the
//   watchdog recycles the context the same way. No restart of the app is needed.
// - openPiv: connect in shared mode (sharing violations retried with backoff), detect a PIN pad,
//   select the PIV application.

import { CardError, type CardService, type CardServiceEvent, PcscError, type PivSession, type ReaderInfo } from './card-service';
import type { PcscBackend, PcscContext, PcscReaderState } from './pcsc/pcsc-backend';
import { SCARD } from './pcsc/pcsc-codes';
import { createPcscliteBackend } from './pcsc/pcsclite-adapter';
import { detectPinPad, type PinPadFeatures } from './pcsc/pin-pad';
import { backoffDelay } from './pcsc/watchdog';
import { PivClient } from './piv/piv-client';

export type ReaderFilter = string | RegExp | ((readerName: string) => boolean) | null;

export interface CardServiceOptions {
  /** Defaults to the pcsclite adapter. */
  readonly backend?: PcscBackend;
  /**
   * Which readers the kiosk uses (config "reader name filter"): a substring (case-insensitive),
   * a RegExp or a predicate. Null or '' lets every reader in.
   */
  readonly readerFilter?: ReaderFilter;
  /** Backoff for re-establishing the context: first delay and ceiling (default 100 ms, 2 s). */
  readonly reconnectInitialMs?: number;
  readonly reconnectMaxMs?: number;
  /** Sharing violations on connect: attempts and first delay (default 6, 50 ms; about 3 s in all). */
  readonly sharingRetries?: number;
  readonly sharingInitialMs?: number;
  /** Watchdog on every PC/SC call of the default backend (default 10 s). */
  readonly callTimeoutMs?: number;
  /** Diagnostics without secrets (codes and reader names only). */
  readonly log?: (message: string) => void;
}

export function readerFilterPredicate(filter: ReaderFilter | undefined): (name: string) => boolean {
  if (filter === undefined || filter === null || filter === '') return () => true;
  if (typeof filter === 'function') return filter;
  if (typeof filter === 'string') {
    const needle = filter.toLowerCase();
    return (name) => name.toLowerCase().includes(needle);
  }
  return (name) => {
    filter.lastIndex = 0;
    return filter.test(name);
  };
}

interface ReaderEntry {
  present: boolean;
  atr: Uint8Array | null;
}

const sameBytes = (a: Uint8Array | null, b: Uint8Array | null): boolean =>
  a === b || (a !== null && b !== null && a.length === b.length && a.every((v, i) => v === b[i]));

export function createCardService(options: CardServiceOptions = {}): CardService {
  return new SupervisedCardService(options);
}

class SupervisedCardService implements CardService {
  readonly #backend: PcscBackend;
  readonly #accept: (name: string) => boolean;
  readonly #options: CardServiceOptions;
  readonly #listeners = new Set<(event: CardServiceEvent) => void>();
  readonly #readers = new Map<string, ReaderEntry>();
  readonly #sessions = new Map<string, PivClient>();
  /**
   * PIN-pad features per reader, asked once while the reader stays plugged in (the answer does
   * not change, and it costs an SCardControl round trip on every session otherwise).
   */
  readonly #pinPads = new Map<string, PinPadFeatures | null>();
  #context: PcscContext | null = null;
  #generation = 0;
  #running = false;
  #serviceAvailable: boolean | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #attempt = 0;

  constructor(options: CardServiceOptions) {
    this.#options = options;
    this.#accept = readerFilterPredicate(options.readerFilter);
    this.#backend =
      options.backend ??
      createPcscliteBackend({
        callTimeoutMs: options.callTimeoutMs ?? 10_000,
        onStuckCall: (context) => {
          this.#log(`watchdog: ${context} is stuck; recycling the PC/SC context`);
          this.#recycle();
        },
      });
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#establish();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    await Promise.all([...this.#sessions.values()].map((s) => s.close().catch(() => undefined)));
    this.#sessions.clear();
    this.#closeContext();
    this.#readers.clear();
  }

  subscribe(listener: (event: CardServiceEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  readers(): readonly ReaderInfo[] {
    return [...this.#readers].map(([name, r]) => ({ name, cardPresent: r.present }));
  }

  async openPiv(reader: string): Promise<PivSession> {
    const context = this.#context;
    if (!context) throw new CardError('PCSC_UNAVAILABLE', 'open PIV session: the smart card service is not running');
    if (!this.#readers.has(reader)) throw new PcscError(`open PIV session on "${reader}"`, SCARD.E_UNKNOWN_READER);
    // One session per reader in this process: a new one replaces (and closes) the old.
    const previous = this.#sessions.get(reader);
    if (previous) {
      this.#sessions.delete(reader);
      await previous.close().catch(() => undefined);
    }
    const transport = await this.#connectWithBackoff(context, reader);
    try {
      let pinPad = this.#pinPads.get(reader);
      if (pinPad === undefined) {
        pinPad = await detectPinPad(transport);
        if (this.#readers.has(reader)) this.#pinPads.set(reader, pinPad);
      }
      const client: PivClient = new PivClient(transport, {
        reader,
        pinPad,
        onEnd: () => {
          if (this.#sessions.get(reader) === client) this.#sessions.delete(reader);
        },
      });
      await client.select();
      this.#sessions.set(reader, client);
      return client;
    } catch (error) {
      await transport.close().catch(() => undefined);
      throw error;
    }
  }

  async #connectWithBackoff(context: PcscContext, reader: string) {
    const attempts = this.#options.sharingRetries ?? 6;
    const initial = this.#options.sharingInitialMs ?? 50;
    for (let attempt = 0; ; attempt++) {
      try {
        return await context.connect(reader);
      } catch (error) {
        // Other middleware holds the card exclusively: wait and try again (DESIGN.md 3).
        const sharing = error instanceof PcscError && error.pcscCode === SCARD.E_SHARING_VIOLATION;
        if (!sharing || attempt + 1 >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, backoffDelay(attempt, initial, 1000)));
      }
    }
  }

  #emit(event: CardServiceEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.#log(`card event listener threw: ${error instanceof Error ? error.name : 'error'}`);
      }
    }
  }

  #log(message: string): void {
    this.#options.log?.(message);
  }

  #establish(): void {
    if (!this.#running || this.#context) return;
    const generation = ++this.#generation;
    const current = (): boolean => this.#running && generation === this.#generation;
    const seen = new Map<string, PcscReaderState | null>();
    try {
      this.#context = this.#backend.establish({
        readerAdded: (name) => {
          if (!current() || !this.#accept(name)) return;
          seen.set(name, null);
          this.#readerAdded(name);
        },
        readerState: (name, state) => {
          if (!current() || !this.#accept(name)) return;
          seen.set(name, state);
          this.#readerState(name, state);
        },
        readerRemoved: (name) => {
          if (!current() || !this.#accept(name)) return;
          this.#readerRemoved(name);
        },
        failed: (code) => {
          if (!current()) return;
          this.#log(`PC/SC context failed: 0x${(code >>> 0).toString(16)}`);
          this.#serviceLost();
        },
      });
    } catch (error) {
      const code = error instanceof PcscError ? error.pcscCode : SCARD.E_NO_SERVICE;
      this.#log(`establish PC/SC context failed: 0x${(code >>> 0).toString(16)}`);
      this.#context = null;
      this.#markService(false);
      this.#scheduleRetry();
      return;
    }
    this.#attempt = 0;
    this.#markService(true);
    // Readers we knew (before a recycle) that the new context does not report go away.
    setTimeout(() => {
      if (!current()) return;
      for (const name of [...this.#readers.keys()]) if (!seen.has(name)) this.#readerRemoved(name);
    }, 1000).unref();
  }

  #markService(available: boolean): void {
    if (this.#serviceAvailable === available) return;
    const wasKnown = this.#serviceAvailable !== null;
    this.#serviceAvailable = available;
    if (!available) this.#emit({ type: 'service-unavailable' });
    else if (wasKnown) this.#emit({ type: 'service-restored' });
  }

  #serviceLost(): void {
    this.#closeContext();
    for (const name of [...this.#readers.keys()]) this.#readerRemoved(name);
    this.#markService(false);
    this.#scheduleRetry();
  }

  /** Replace a context that has a stuck call, keeping reader state (events only for changes). */
  #recycle(): void {
    if (!this.#running) return;
    this.#closeContext();
    this.#scheduleRetry();
  }

  #closeContext(): void {
    this.#generation++;
    const context = this.#context;
    this.#context = null;
    for (const session of this.#sessions.values()) void session.cardRemoved().catch(() => undefined);
    this.#sessions.clear();
    context?.close();
  }

  #scheduleRetry(): void {
    if (!this.#running || this.#retryTimer) return;
    const delay = backoffDelay(this.#attempt++, this.#options.reconnectInitialMs ?? 100, this.#options.reconnectMaxMs ?? 2000);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#establish();
    }, delay);
  }

  #readerAdded(name: string): void {
    if (this.#readers.has(name)) return;
    this.#readers.set(name, { present: false, atr: null });
    this.#emit({ type: 'reader-added', reader: name });
  }

  #readerState(name: string, state: PcscReaderState): void {
    let entry = this.#readers.get(name);
    if (!entry) {
      this.#readerAdded(name);
      entry = this.#readers.get(name);
      if (!entry) return;
    }
    if (entry.present === state.present && sameBytes(entry.atr, state.atr)) return;
    if (entry.present) {
      entry.present = false;
      entry.atr = null;
      this.#dropSession(name);
      this.#emit({ type: 'card-removed', reader: name });
    }
    if (state.present && state.atr) {
      entry.present = true;
      entry.atr = Uint8Array.from(state.atr);
      this.#emit({ type: 'card-inserted', reader: name, atr: Uint8Array.from(state.atr) });
    }
  }

  #readerRemoved(name: string): void {
    const entry = this.#readers.get(name);
    if (!entry) return;
    if (entry.present) {
      this.#dropSession(name);
      this.#emit({ type: 'card-removed', reader: name });
    }
    this.#readers.delete(name);
    this.#pinPads.delete(name);
    this.#emit({ type: 'reader-removed', reader: name });
  }

  #dropSession(name: string): void {
    const session = this.#sessions.get(name);
    if (!session) return;
    this.#sessions.delete(name);
    void session.cardRemoved().catch(() => undefined);
  }
}
