// The card side of vsmartcard's vpcd reader driver: a TCP client to the port pcscd's vpcd
// listens on. Every message is a 2-byte big-endian length then the payload; a 1-byte payload is
// a control (00 power off, 01 power on, 02 reset, 04 get ATR; DESIGN.md 3), anything longer is a
// command APDU answered by the response APDU. Connecting inserts the card, closing removes it.

import { Socket } from 'node:net';

export interface VpcdCard {
  readonly atr: Uint8Array;
  /** When present, read for every ATR request instead of `atr` (lets a card log presence polls). */
  readonly atrForReader?: Uint8Array;
  powerOn(): void;
  powerOff(): void;
  reset(): void;
  /** The response APDU, or null to stay silent (a wedged card, for watchdog tests). */
  process(apdu: Uint8Array): Uint8Array | null;
}

const CTRL_OFF = 0x00;
const CTRL_ON = 0x01;
const CTRL_RESET = 0x02;
const CTRL_ATR = 0x04;

export class VpcdConnection {
  readonly #socket: Socket;
  readonly #card: VpcdCard;
  #buffer: Buffer = Buffer.alloc(0);
  #closed = false;
  readonly closed: Promise<void>;

  private constructor(socket: Socket, card: VpcdCard) {
    this.#socket = socket;
    this.#card = card;
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        this.#closed = true;
        // Out of the reader: the card loses power and every volatile state.
        card.powerOff();
        resolve();
      });
    });
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', () => {
      /* a reset connection is a removal; 'close' follows */
    });
  }

  /** Connect to vpcd (insert the card). */
  static connect(card: VpcdCard, port: number, host = '127.0.0.1'): Promise<VpcdConnection> {
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      socket.setNoDelay(true);
      const onError = (error: Error): void => reject(error);
      socket.once('error', onError);
      socket.connect(port, host, () => {
        socket.off('error', onError);
        resolve(new VpcdConnection(socket, card));
      });
    });
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** Remove the card: close the connection and wait until it is gone. */
  async close(): Promise<void> {
    if (!this.#closed) this.#socket.destroy();
    await this.closed;
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    while (this.#buffer.length >= 2) {
      const length = this.#buffer.readUInt16BE(0);
      if (this.#buffer.length < 2 + length) return;
      const message = new Uint8Array(this.#buffer.subarray(2, 2 + length));
      this.#buffer = this.#buffer.subarray(2 + length);
      this.#handle(message);
    }
  }

  #handle(message: Uint8Array): void {
    if (message.length === 1) {
      switch (message[0]) {
        case CTRL_OFF:
          this.#card.powerOff();
          return;
        case CTRL_ON:
          this.#card.powerOn();
          return;
        case CTRL_RESET:
          this.#card.reset();
          return;
        case CTRL_ATR:
          this.#send(this.#card.atrForReader ?? this.#card.atr);
          return;
        default:
          return;
      }
    }
    const response = this.#card.process(message);
    if (response) this.#send(response);
  }

  #send(payload: Uint8Array): void {
    if (this.#closed) return;
    const frame = Buffer.alloc(2 + payload.length);
    frame.writeUInt16BE(payload.length, 0);
    frame.set(payload, 2);
    this.#socket.write(frame);
  }
}

/**
 * Wrap a card so a test can intercept APDUs: `hook` answers `undefined` to pass the APDU on,
 * `null` to stay silent (a wedged card), or a response of its own.
 */
export function interceptApdus<C extends VpcdCard & { readonly log?: unknown }>(
  card: C,
  hook: (apdu: Uint8Array) => Uint8Array | null | undefined,
): VpcdCard & { readonly log?: C['log'] } {
  return {
    get atr() {
      return card.atr;
    },
    get atrForReader() {
      return card.atrForReader ?? card.atr;
    },
    get log() {
      return card.log;
    },
    powerOn: () => card.powerOn(),
    powerOff: () => card.powerOff(),
    reset: () => card.reset(),
    process: (apdu) => {
      const answer = hook(apdu);
      return answer === undefined ? card.process(apdu) : answer;
    },
  };
}
