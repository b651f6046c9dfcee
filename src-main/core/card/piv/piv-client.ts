// The PIV client: SP 800-73-4 Part 2 commands over a CardTransport, with typed results
// (STYLE.md 7). It never logs or keeps a PIN: the caller's buffer and every copy are zeroed.

import { exchange } from '../apdu/apdu-exchange';
import { concatBytes, encodeTag, encodeTlv } from '../apdu/ber-tlv';
import { type CommandApdu, isVerifyFailed, type ResponseApdu, SW, swHex } from '../apdu/iso7816';
import {
  CardError,
  type CardKeyAlgorithm,
  CardRemovedError,
  type Chuid,
  NotPivCardError,
  PcscError,
  PinBlockedError,
  PinIncorrectError,
  type PinStatus,
  type PivSession,
  SecurityStatusNotSatisfiedError,
} from '../card-service';
import { SCARD } from '../pcsc/pcsc-codes';
import { buildPivVerifyPinDirect, type PinPadFeatures } from '../pcsc/pin-pad';
import type { CardTransport } from '../transport';
import {
  encodePinBlock,
  encodeSignRequest,
  isDerEcdsaSignature,
  isValidPin,
  parseCertificateObject,
  parseChuid,
  parseSignResponse,
  PivFormatError,
  pkcs1v15Sha256,
  unwrapDataObject,
} from './piv-codec';
import {
  ALG,
  GET_DATA_P1,
  GET_DATA_P2,
  INS,
  KEY_REF,
  OBJECT,
  PIV_AID,
  SELECT_P1_BY_NAME,
  TAG_LIST,
  VERIFY_P1_RESET,
} from './piv-constants';

export interface PivClientOptions {
  readonly reader: string;
  readonly pinPad?: PinPadFeatures | null;
  /** Told once when the session ends (closed by its owner or the card left). */
  readonly onEnd?: () => void;
}

/** An object the card does not hold (GET DATA 6A82). */
export class DataObjectNotFoundError extends CardError {
  readonly tag: number;
  constructor(context: string, tag: number) {
    super('CARD_ERROR', `${context}: data object ${tag.toString(16).toUpperCase()} not found (6A82)`);
    this.tag = tag;
  }
}

/** A status word we have no specific meaning for. */
export class CardStatusError extends CardError {
  readonly sw: number;
  constructor(context: string, sw: number) {
    super('CARD_ERROR', `${context}: card answered ${swHex(sw)}`);
    this.sw = sw;
  }
}

function wrapFormat<T>(context: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof PivFormatError) throw new CardError('CARD_ERROR', `${context}: ${error.message}`, { cause: error });
    throw error;
  }
}

export class PivClient implements PivSession {
  readonly reader: string;
  readonly pinPad: boolean;
  readonly #transport: CardTransport;
  readonly #pinPadFeatures: PinPadFeatures | null;
  readonly #onEnd: (() => void) | undefined;
  /** Why the session ended, thrown by every later call. */
  #ended: CardError | null = null;

  constructor(transport: CardTransport, options: PivClientOptions) {
    this.#transport = transport;
    this.reader = options.reader;
    this.#pinPadFeatures = options.pinPad ?? null;
    this.pinPad = this.#pinPadFeatures !== null;
    this.#onEnd = options.onEnd;
  }

  /** SELECT the PIV application (Part 2, 3.1.1). Anything but 9000 means this is no PIV card. */
  async select(): Promise<void> {
    const r = await this.#send('select PIV application', {
      cla: 0x00, ins: INS.SELECT, p1: SELECT_P1_BY_NAME, p2: 0x00, data: PIV_AID, le: 256,
    });
    if (r.sw !== SW.SUCCESS) throw new NotPivCardError(r.sw);
  }

  /** Empty VERIFY (Part 2, 3.2.1: "If the command data field is absent ... 63CX / 9000"). */
  async pinStatus(): Promise<PinStatus> {
    const r = await this.#send('PIN status', { cla: 0x00, ins: INS.VERIFY, p1: 0x00, p2: KEY_REF.PIV_PIN });
    if (r.sw === SW.SUCCESS) return { state: 'verified' };
    if (r.sw === SW.AUTH_METHOD_BLOCKED) return { state: 'blocked' };
    if (isVerifyFailed(r.sw)) {
      const tries = r.sw & 0x0f;
      return tries === 0 ? { state: 'blocked' } : { state: 'not-verified', triesLeft: tries };
    }
    // Some cards answer 6A88 or 6982 to an empty VERIFY: not verified, count unknown.
    return { state: 'not-verified', triesLeft: null };
  }

  async verifyPin(pin: Uint8Array): Promise<void> {
    let block: Uint8Array | null = null;
    try {
      if (!isValidPin(pin)) throw new CardError('PIN_FORMAT', 'PIN must be 4 to 8 digits');
      block = encodePinBlock(pin);
      // The PIN block travels only in this one APDU; it is never retried or resent by us.
      const r = await this.#send('verify PIN', {
        cla: 0x00, ins: INS.VERIFY, p1: 0x00, p2: KEY_REF.PIV_PIN, data: block,
      }, false);
      this.#verifyResult(r.sw);
    } finally {
      pin.fill(0);
      block?.fill(0);
    }
  }

  async verifyPinOnPad(): Promise<void> {
    const features = this.#pinPadFeatures;
    if (!features) throw new CardError('READER_ERROR', 'verify PIN on pad: reader has no PIN pad');
    this.#assertOpen();
    const answer = await this.#transport.control(features.verifyPinDirect, buildPivVerifyPinDirect());
    if (answer.length < 2) throw new CardError('READER_ERROR', 'verify PIN on pad: short answer');
    this.#verifyResult(((answer[answer.length - 2] ?? 0) << 8) | (answer[answer.length - 1] ?? 0));
  }

  async readAuthenticationCertificate(): Promise<Uint8Array> {
    const value = await this.readObject(OBJECT.PIV_AUTHENTICATION_CERTIFICATE, 'read PIV Authentication certificate');
    return wrapFormat('read PIV Authentication certificate', () => parseCertificateObject(value));
  }

  async readChuid(): Promise<Chuid> {
    const value = await this.readObject(OBJECT.CHUID, 'read CHUID');
    return wrapFormat('read CHUID', () => parseChuid(value));
  }

  /** GET DATA (Part 2, 3.1.2): 00 CB 3F FF 5C <tag> and the value inside 53. */
  async readObject(tag: number, context = 'read data object'): Promise<Uint8Array> {
    const tagBytes = encodeTag(tag);
    const r = await this.#send(context, {
      cla: 0x00, ins: INS.GET_DATA, p1: GET_DATA_P1, p2: GET_DATA_P2, data: encodeTlv(TAG_LIST, tagBytes), le: 256,
    });
    if (r.sw === SW.NOT_FOUND) throw new DataObjectNotFoundError(context, tag);
    if (r.sw === SW.SECURITY_STATUS_NOT_SATISFIED) throw new SecurityStatusNotSatisfiedError(context);
    if (r.sw !== SW.SUCCESS) throw new CardStatusError(context, r.sw);
    return wrapFormat(context, () => unwrapDataObject(r.data));
  }

  /**
   * GENERAL AUTHENTICATE with slot 9A (Part 2, 3.2.4; Appendix A.3 internal authentication):
   * RSA-2048 takes the 256-byte PKCS#1 v1.5 block (chained, CLA 10), P-256 the 32-byte hash.
   */
  async signSha256Digest(digest: Uint8Array, algorithm: CardKeyAlgorithm): Promise<Uint8Array> {
    const context = 'sign with PIV Authentication key';
    if (digest.length !== 32) throw new CardError('INVALID_REQUEST', `${context}: digest must be 32 bytes`);
    const alg = algorithm === 'rsa2048' ? ALG.RSA_2048 : ALG.ECC_P256;
    const input = algorithm === 'rsa2048' ? pkcs1v15Sha256(digest) : Uint8Array.from(digest);
    const r = await this.#send(context, {
      cla: 0x00, ins: INS.GENERAL_AUTHENTICATE, p1: alg, p2: KEY_REF.PIV_AUTHENTICATION, data: encodeSignRequest(input), le: 256,
    });
    if (r.sw === SW.SECURITY_STATUS_NOT_SATISFIED) throw new SecurityStatusNotSatisfiedError(context);
    if (r.sw !== SW.SUCCESS) throw new CardStatusError(context, r.sw);
    const signature = wrapFormat(context, () => parseSignResponse(r.data));
    if (algorithm === 'rsa2048' && signature.length !== 256) {
      throw new CardError('CARD_ERROR', `${context}: RSA signature is ${signature.length} bytes, expected 256`);
    }
    if (algorithm === 'p256' && !isDerEcdsaSignature(signature)) {
      throw new CardError('CARD_ERROR', `${context}: ECDSA signature is not DER`);
    }
    return Uint8Array.from(signature);
  }

  async close(): Promise<void> {
    if (this.#ended) return;
    this.#ended = new CardError('CARD_ERROR', 'PIV session is closed');
    this.#onEnd?.();
    await this.#transport.close();
  }

  async closeForgettingPin(): Promise<'pin-reset' | 'card-reset' | 'card-gone'> {
    if (this.#ended instanceof CardRemovedError) return 'card-gone';
    if (this.#ended) {
      // Closed without forgetting: the handle is gone, so only a fresh one could reset the card.
      throw new CardError('CARD_ERROR', 'PIV session is closed');
    }
    let outcome: 'pin-reset' | 'card-reset' | 'card-gone' = 'card-reset';
    try {
      const r = await this.#send('reset PIN security status', { cla: 0x00, ins: INS.VERIFY, p1: VERIFY_P1_RESET, p2: KEY_REF.PIV_PIN }, false);
      if (r.sw === SW.SUCCESS) outcome = 'pin-reset';
    } catch (error) {
      if (error instanceof CardRemovedError) outcome = 'card-gone';
      // Any other failure: the reset on release below still clears the card.
    }
    this.#ended = outcome === 'card-gone' ? new CardRemovedError(`PIV session on "${this.reader}"`) : new CardError('CARD_ERROR', 'PIV session is closed');
    this.#onEnd?.();
    await this.#transport.close(outcome === 'card-reset' ? 'reset' : 'leave');
    return outcome;
  }

  /** The watcher saw the card leave: later calls fail with CardRemovedError, not "closed". */
  async cardRemoved(): Promise<void> {
    if (this.#ended) return;
    this.#ended = new CardRemovedError(`PIV session on "${this.reader}"`);
    this.#onEnd?.();
    await this.#transport.close();
  }

  #verifyResult(sw: number): void {
    if (sw === SW.SUCCESS) return;
    if (sw === SW.AUTH_METHOD_BLOCKED) throw new PinBlockedError();
    if (isVerifyFailed(sw)) {
      const tries = sw & 0x0f;
      throw tries === 0 ? new PinBlockedError() : new PinIncorrectError(tries);
    }
    throw new CardStatusError('verify PIN', sw);
  }

  #assertOpen(): void {
    if (this.#ended) throw this.#ended;
  }

  /**
   * Exchange one command. When the card was reset under us (SCARD_W_RESET_CARD: another
   * program, or Windows after 5 s idle in a transaction), reconnect, re-select and send once
   * more; a retried VERIFY would resend the PIN, so PIN-carrying commands are not retried.
   */
  async #send(context: string, command: CommandApdu, retryAfterReset = true): Promise<ResponseApdu> {
    this.#assertOpen();
    try {
      return await exchange(this.#transport, command);
    } catch (error) {
      if (!(error instanceof PcscError && error.pcscCode === SCARD.W_RESET_CARD)) throw error;
      await this.#transport.reconnect();
      if (command.ins !== INS.SELECT) await this.select();
      if (!retryAfterReset) throw new CardError('CARD_ERROR', `${context}: card was reset, try again`, { cause: error });
      return exchange(this.#transport, command);
    }
  }
}

/** Build the SELECT APDU bytes (exported for the APDU-sequence documentation and tests). */
export function selectCommandBytes(): Uint8Array {
  return concatBytes(Uint8Array.of(0x00, INS.SELECT, SELECT_P1_BY_NAME, 0x00, PIV_AID.length), PIV_AID, Uint8Array.of(0x00));
}
