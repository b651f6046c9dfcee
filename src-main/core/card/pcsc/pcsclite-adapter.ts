// The one file that imports `pcsclite` (eslint NATIVE_ADAPTERS). It turns the addon's callbacks
// and event emitters into the PcscBackend interface, with the settings the field needs
// (DESIGN.md 3): shared mode, SCARD_LEAVE_CARD on disconnect, errors keyed on the numeric code
// (the addon formats every failure as "<call> error: <text>(0x8010000b)"; we read the number,
// never the localized text), and a watchdog on every call so a stuck reader cannot freeze us.

import pcsclite from 'pcsclite';
import { decodeResponse, type ResponseApdu } from '../apdu/iso7816';
import { CardRemovedError, PcscError } from '../card-service';
import type { CardDisposition, CardTransport } from '../transport';
import type { PcscBackend, PcscContext, PcscContextEvents, PcscReaderState } from './pcsc-backend';
import { isCardGone, isServiceGone, SCARD } from './pcsc-codes';
import { withWatchdog } from './watchdog';

type PcscLite = ReturnType<typeof pcsclite>;
type CardReader = Parameters<Extract<Parameters<PcscLite['on']>[1], (reader: never) => void>>[0];

/** Largest response we accept: an extended-length answer plus SW (ISO 7816-4). */
const RECEIVE_BUFFER = 65538;
const CONTROL_BUFFER = 1024;
/** SCARD_F_INTERNAL_ERROR, for addon failures that carry no PC/SC code. */
const INTERNAL_ERROR = 0x80100001;

/** The PC/SC code in an addon error ("SCardConnect error: ...(0x8010000b)"). */
export function pcscCodeOf(error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  const match = /\(0x([0-9a-fA-F]{1,8})\)\s*$/.exec(message);
  return match?.[1] ? parseInt(match[1], 16) >>> 0 : INTERNAL_ERROR;
}

export interface PcscliteBackendOptions {
  /** Watchdog for each connect / transmit / control / disconnect (default 10 s). */
  readonly callTimeoutMs?: number;
  /** How long a failed transmit waits to learn whether the card was pulled (default 600 ms). */
  readonly removalGraceMs?: number;
  /** Told when a call outlived the watchdog, so the supervisor can recycle the context. */
  readonly onStuckCall?: (context: string) => void;
}

export function createPcscliteBackend(options: PcscliteBackendOptions = {}): PcscBackend {
  const callTimeoutMs = options.callTimeoutMs ?? 10_000;
  const removalGraceMs = options.removalGraceMs ?? 600;
  return {
    establish(events: PcscContextEvents): PcscContext {
      let pcsc: PcscLite;
      try {
        pcsc = pcsclite();
      } catch (error) {
        // The constructor throws at once when the service is not running.
        throw new PcscError('establish PC/SC context', pcscCodeOf(error), { cause: error });
      }
      return new PcscliteContext(pcsc, events, { callTimeoutMs, removalGraceMs, onStuckCall: options.onStuckCall });
    },
  };
}

interface ContextSettings {
  readonly callTimeoutMs: number;
  readonly removalGraceMs: number;
  readonly onStuckCall: ((context: string) => void) | undefined;
}

class PcscliteContext implements PcscContext {
  readonly #pcsc: PcscLite;
  readonly #events: PcscContextEvents;
  readonly #settings: ContextSettings;
  readonly #readers = new Map<string, CardReader>();
  readonly #states = new Map<string, PcscReaderState>();
  /** Native calls still running per reader: closing a reader waits on its mutex, which a stuck call holds. */
  readonly #inFlight = new Map<CardReader, Set<Promise<unknown>>>();
  #closed = false;

  constructor(pcsc: PcscLite, events: PcscContextEvents, settings: ContextSettings) {
    this.#pcsc = pcsc;
    this.#events = events;
    this.#settings = settings;
    pcsc.on('error', (error: unknown) => this.#fail(pcscCodeOf(error)));
    pcsc.on('reader', (reader) => this.#onReader(reader));
  }

  #fail(code: number): void {
    if (this.#closed) return;
    this.#events.failed(code);
  }

  #onReader(reader: CardReader): void {
    if (this.#closed) return;
    const name = reader.name;
    this.#readers.set(name, reader);
    this.#events.readerAdded(name);
    reader.on('error', (error: unknown) => {
      const code = pcscCodeOf(error);
      // A reader thread dies with the service; a single reader's own failure ends that reader.
      if (isServiceGone(code)) this.#fail(code);
    });
    reader.on('status', (status) => {
      if (this.#closed) return;
      const present = (status.state & reader.SCARD_STATE_PRESENT) !== 0 && (status.state & reader.SCARD_STATE_MUTE) === 0;
      const state: PcscReaderState = { present, atr: present && status.atr ? new Uint8Array(status.atr) : null };
      this.#states.set(name, state);
      this.#events.readerState(name, state);
    });
    reader.on('end', () => {
      if (this.#readers.get(name) !== reader) return;
      this.#readers.delete(name);
      this.#states.delete(name);
      if (!this.#closed) this.#events.readerRemoved(name);
    });
  }

  async connect(readerName: string): Promise<CardTransport> {
    const reader = this.#readers.get(readerName);
    if (!reader || this.#closed) throw new PcscError(`connect to "${readerName}"`, SCARD.E_UNKNOWN_READER);
    const transport = new PcscliteTransport(reader, this.#settings, () => this.#states.get(readerName), (call) => {
      let set = this.#inFlight.get(reader);
      if (!set) this.#inFlight.set(reader, (set = new Set()));
      const calls = set;
      calls.add(call);
      const settled = (): void => {
        calls.delete(call);
      };
      call.then(settled, settled);
    });
    await transport.open();
    return transport;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const reader of this.#readers.values()) {
      const closeReader = (): void => {
        try {
          reader.close();
        } catch {
          /* already gone with the service */
        }
      };
      // reader.close() locks the reader's mutex on this thread; a stuck transmit holds it.
      // Close such a reader only once its call comes back (the card is pulled, the service dies).
      const pending = [...(this.#inFlight.get(reader) ?? [])];
      if (pending.length === 0) closeReader();
      else void Promise.allSettled(pending).then(closeReader);
    }
    this.#readers.clear();
    try {
      this.#pcsc.close();
    } catch {
      /* already gone with the service */
    }
  }
}

class PcscliteTransport implements CardTransport {
  readonly #reader: CardReader;
  readonly #settings: ContextSettings;
  readonly #state: () => PcscReaderState | undefined;
  readonly #track: (call: Promise<unknown>) => void;
  #protocol = 0;
  #dead: PcscError | null = null;

  constructor(
    reader: CardReader,
    settings: ContextSettings,
    state: () => PcscReaderState | undefined,
    track: (call: Promise<unknown>) => void,
  ) {
    this.#reader = reader;
    this.#settings = settings;
    this.#state = state;
    this.#track = track;
  }

  async open(): Promise<void> {
    const reader = this.#reader;
    this.#protocol = await this.#call('connect', (done) =>
      reader.connect(
        { share_mode: reader.SCARD_SHARE_SHARED, protocol: reader.SCARD_PROTOCOL_T0 | reader.SCARD_PROTOCOL_T1 },
        (err, protocol) => done(err, protocol),
      ),
    );
  }

  async transmit(apdu: Uint8Array): Promise<ResponseApdu> {
    const reader = this.#reader;
    const input = Buffer.from(apdu);
    try {
      const out = await this.#call<Buffer>(
        'transmit',
        (done) => reader.transmit(input, RECEIVE_BUFFER, this.#protocol, (err, data) => done(err, data)),
        true,
      );
      if (out.length < 2) {
        // vpcd answers a pulled card's APDU with zero bytes and success.
        const context = `transmit on "${reader.name}"`;
        if (await this.#cardWentAway()) throw new CardRemovedError(context);
        throw new PcscError(context, SCARD.E_NOT_TRANSACTED);
      }
      return decodeResponse(new Uint8Array(out));
    } finally {
      input.fill(0); // may hold a PIN block
    }
  }

  async control(code: number, data: Uint8Array): Promise<Uint8Array> {
    const reader = this.#reader;
    const out = await this.#call<Buffer>('control', (done) =>
      reader.control(Buffer.from(data), code, CONTROL_BUFFER, (err, response) => done(err, response)),
    );
    return new Uint8Array(out);
  }

  async reconnect(): Promise<void> {
    // The addon has no SCardReconnect: leave the card as it is and connect again.
    await this.#disconnect();
    await this.open();
  }

  async close(disposition: CardDisposition = 'leave'): Promise<void> {
    try {
      await this.#disconnect(disposition);
    } catch {
      /* the card or the service is already gone: nothing to release */
    }
  }

  #disconnect(disposition: CardDisposition = 'leave'): Promise<void> {
    const reader = this.#reader;
    const code = disposition === 'reset' ? reader.SCARD_RESET_CARD : reader.SCARD_LEAVE_CARD;
    return this.#call<undefined>('disconnect', (done) => reader.disconnect(code, (err) => done(err, undefined)));
  }

  /** Run one addon call with the watchdog and typed errors. */
  async #call<T>(what: string, start: (done: (err: unknown, value: T) => void) => void, waitForRemoval = false): Promise<T> {
    if (this.#dead) throw this.#dead;
    const context = `${what} on "${this.#reader.name}"`;
    const call = new Promise<T>((resolve, reject) => {
      start((err, value) => {
        if (err) reject(err instanceof Error ? err : new Error(`${what} failed`));
        else resolve(value);
      });
    });
    this.#track(call);
    try {
      return await withWatchdog(call, this.#settings.callTimeoutMs, () => {
        // The native call may never return; this handle is finished either way.
        this.#dead = new PcscError(context, SCARD.E_TIMEOUT);
        this.#settings.onStuckCall?.(context);
        return this.#dead;
      });
    } catch (error) {
      if (error instanceof PcscError) throw error;
      const code = pcscCodeOf(error);
      // Only a failed transmit waits to learn whether the card left: a sharing violation or a
      // reader without SCardControl support answers at once and must not cost the grace time.
      const gone = isCardGone(code) || (waitForRemoval && code !== SCARD.E_SHARING_VIOLATION ? await this.#cardWentAway() : !this.#state()?.present);
      if (gone) throw new CardRemovedError(context, { cause: error });
      throw new PcscError(context, code, { cause: error });
    }
  }

  /**
   * vpcd and some readers report a pulled card as a generic transmit failure first and as
   * "absent" a moment later: wait briefly for the reader state before calling it an error.
   */
  async #cardWentAway(): Promise<boolean> {
    const deadline = Date.now() + this.#settings.removalGraceMs;
    for (;;) {
      const state = this.#state();
      if (!state?.present) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
