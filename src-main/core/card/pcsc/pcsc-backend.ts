// What the card service needs from PC/SC, so that only one adapter file knows pcsclite
// (eslint NATIVE_ADAPTERS) and an N-API binding or a test backend can replace it.

import type { CardTransport } from '../transport';

export interface PcscReaderState {
  readonly present: boolean;
  /** ATR of the card, when present. */
  readonly atr: Uint8Array | null;
}

/** Events of one PC/SC context, in the order the service sees them. */
export interface PcscContextEvents {
  readerAdded(name: string): void;
  readerState(name: string, state: PcscReaderState): void;
  readerRemoved(name: string): void;
  /** The context is unusable (service stopped, pcscd killed): close it and establish a new one. */
  failed(code: number): void;
}

export interface PcscContext {
  /** Connect to the card in `reader` in shared mode (SCARD_SHARE_SHARED, T=0 or T=1). */
  connect(reader: string): Promise<CardTransport>;
  /** Release the context and stop watching. Idempotent. */
  close(): void;
}

export interface PcscBackend {
  /**
   * Establish a context and start watching readers. Throws PcscError (e.g. SCARD_E_NO_SERVICE)
   * when the service is not running.
   */
  establish(events: PcscContextEvents): PcscContext;
}
