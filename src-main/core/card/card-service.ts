// What the rest of the kiosk sees of smart cards: reader and card events, and a PIV session
// on one card. The pcsclite adapter, the watcher/supervisor and the PIV client implement it;
// the session state machine and tests consume it. Nothing here knows about PC/SC.

import type { KioskErrorCode } from '../../shared/errors';

export type CardServiceEvent =
  | { readonly type: 'reader-added'; readonly reader: string }
  | { readonly type: 'reader-removed'; readonly reader: string }
  | { readonly type: 'card-inserted'; readonly reader: string; readonly atr: Uint8Array }
  | { readonly type: 'card-removed'; readonly reader: string }
  /** The PC/SC service went away (pcscd stopped, WinSCard stopped with the last reader). */
  | { readonly type: 'service-unavailable' }
  | { readonly type: 'service-restored' };

export interface ReaderInfo {
  readonly name: string;
  readonly cardPresent: boolean;
}

export type PinStatus =
  | { readonly state: 'verified' }
  | { readonly state: 'not-verified'; readonly triesLeft: number | null }
  | { readonly state: 'blocked' };

export type CardKeyAlgorithm = 'rsa2048' | 'p256';

export interface Chuid {
  /** Card UUID (tag 34), 16 bytes. */
  readonly guid: Uint8Array;
  /** FASC-N (tag 30), when present. */
  readonly fascn: Uint8Array | null;
  /** Expiry YYYYMMDD (tag 35), when present. */
  readonly expiry: string | null;
}

/** A PIV session on one card, selected and ready. */
export interface PivSession {
  readonly reader: string;
  /** The reader verifies the PIN on its own pad (CCID FEATURE_VERIFY_PIN_DIRECT). */
  readonly pinPad: boolean;
  pinStatus(): Promise<PinStatus>;
  /**
   * Verify the PIN (ASCII digits). The caller's buffer is zeroed before this returns, whatever
   * happens. Throws PinIncorrectError, PinBlockedError, CardRemovedError, CardError.
   */
  verifyPin(pin: Uint8Array): Promise<void>;
  /** Verify on the reader's PIN pad. */
  verifyPinOnPad(): Promise<void>;
  /** DER of the PIV Authentication certificate (slot 9A), decompressed when gzip'd. */
  readAuthenticationCertificate(): Promise<Uint8Array>;
  readChuid(): Promise<Chuid>;
  /**
   * Sign a SHA-256 digest with the slot 9A key (after PIN verification). For RSA-2048 the PKCS#1
   * v1.5 DigestInfo padding is done by the client; for P-256 the result is a DER ECDSA signature.
   */
  signSha256Digest(digest: Uint8Array, algorithm: CardKeyAlgorithm): Promise<Uint8Array>;
  /** Leave the card powered (SCARD_LEAVE_CARD) and release the handle. */
  close(): Promise<void>;
  /**
   * End the session so that the card, if it stays in the reader, is no longer PIN-verified for
   * the next person: VERIFY with P1=FF resets the PIN's security status (SP 800-73-4 Part 2,
   * 3.2.1); a card that refuses it (800-73-3 cards answer 6A86/6B00) is reset as the handle is
   * released (SCARD_RESET_CARD). Says which was done. Never throws for a card already gone.
   */
  closeForgettingPin(): Promise<'pin-reset' | 'card-reset' | 'card-gone'>;
}

export interface CardService {
  start(): void;
  stop(): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(listener: (event: CardServiceEvent) => void): () => void;
  readers(): readonly ReaderInfo[];
  openPiv(reader: string): Promise<PivSession>;
}

/** Base of every typed card failure (STYLE.md 7): callers switch on `code`, never on text. */
export class CardError extends Error {
  readonly code: KioskErrorCode;
  constructor(code: KioskErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

export class PinIncorrectError extends CardError {
  readonly triesLeft: number;
  constructor(triesLeft: number) {
    super('PIN_INCORRECT', `PIN incorrect, ${triesLeft} tries left`);
    this.triesLeft = triesLeft;
  }
}

export class PinBlockedError extends CardError {
  constructor() {
    super('PIN_BLOCKED', 'PIN blocked');
  }
}

export class CardRemovedError extends CardError {
  constructor(context: string, options?: { cause?: unknown }) {
    super('CARD_REMOVED', `${context}: card removed`, options);
  }
}

export class NotPivCardError extends CardError {
  constructor(sw: number) {
    super('CARD_NOT_PIV', `select PIV application: status ${sw.toString(16).padStart(4, '0')}`);
  }
}

export class SecurityStatusNotSatisfiedError extends CardError {
  constructor(context: string) {
    super('CARD_ERROR', `${context}: security status not satisfied (6982)`);
  }
}

/** A PC/SC failure keyed on its numeric code (never on localized text). */
export class PcscError extends CardError {
  readonly pcscCode: number;
  constructor(context: string, pcscCode: number, options?: { cause?: unknown }) {
    super('READER_ERROR', `${context}: PC/SC error 0x${(pcscCode >>> 0).toString(16).padStart(8, '0')}`, options);
    this.pcscCode = pcscCode;
  }
}
