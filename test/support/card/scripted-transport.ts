// Transports for unit tests (no daemon): a scripted one that expects exact command bytes and
// plays back answers, and one that feeds a VirtualPivCard in-process. The PIV client cannot tell
// either from the pcsclite adapter (STYLE.md 5).

import { decodeResponse, type ResponseApdu } from '../../../src-main/core/card/apdu/iso7816';
import type { CardDisposition, CardTransport } from '../../../src-main/core/card/transport';

export const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex').toUpperCase();

export type ScriptStep =
  | { readonly expect: string; readonly reply: string }
  | { readonly expect: string; readonly throws: Error }
  | { readonly control: number; readonly reply?: string; readonly throws?: Error };

export class ScriptedTransport implements CardTransport {
  readonly sent: string[] = [];
  reconnects = 0;
  closed = false;
  /** How the handle was released, once closed. */
  disposition: CardDisposition | null = null;
  readonly #steps: ScriptStep[];

  constructor(steps: ScriptStep[]) {
    this.#steps = [...steps];
  }

  get remaining(): number {
    return this.#steps.length;
  }

  async transmit(apdu: Uint8Array): Promise<ResponseApdu> {
    const got = toHex(apdu);
    this.sent.push(got);
    const step = this.#steps.shift();
    if (!step || !('expect' in step)) throw new Error(`unexpected APDU ${got}`);
    if (toHex(hex(step.expect)) !== got) throw new Error(`expected APDU ${toHex(hex(step.expect))}, got ${got}`);
    if ('throws' in step) throw step.throws;
    return decodeResponse(hex(step.reply));
  }

  async control(code: number, data: Uint8Array): Promise<Uint8Array> {
    this.sent.push(`CONTROL ${code.toString(16)} ${toHex(data)}`);
    const step = this.#steps.shift();
    if (!step || !('control' in step) || step.control !== code) throw new Error(`unexpected control ${code.toString(16)}`);
    if (step.throws) throw step.throws;
    return hex(step.reply ?? '');
  }

  async reconnect(): Promise<void> {
    this.reconnects++;
  }

  async close(disposition: CardDisposition = 'leave'): Promise<void> {
    this.closed = true;
    this.disposition = disposition;
  }
}

/** Feeds APDUs straight to a card object (e.g. VirtualPivCard) in this process. */
export class DirectCardTransport implements CardTransport {
  readonly #card: { process(apdu: Uint8Array): Uint8Array | null; reset(): void; powerOn(): void };

  constructor(card: { process(apdu: Uint8Array): Uint8Array | null; reset(): void; powerOn(): void }) {
    this.#card = card;
    card.powerOn();
  }

  async transmit(apdu: Uint8Array): Promise<ResponseApdu> {
    const answer = this.#card.process(apdu);
    if (!answer) throw new Error('card did not answer');
    return decodeResponse(answer);
  }

  async control(): Promise<Uint8Array> {
    throw new Error('no SCardControl on a direct transport');
  }

  async reconnect(): Promise<void> {}

  async close(disposition: CardDisposition = 'leave'): Promise<void> {
    if (disposition === 'reset') this.#card.reset();
  }
}
