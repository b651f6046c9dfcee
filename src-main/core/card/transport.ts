// The seam between the PIV client and PC/SC (DESIGN.md 3, STYLE.md 5): a connection that only
// sends and receives bytes. The pcsclite adapter and the scripted test transport implement it,
// and the PIV client cannot tell them apart.

import type { ResponseApdu } from './apdu/iso7816';

export type CardDisposition = 'leave' | 'reset';

/**
 * Failures are typed (card-service.ts): CardRemovedError when the card left, PcscError with the
 * numeric code otherwise (SCARD_W_RESET_CARD included, which the PIV client handles).
 */
export interface CardTransport {
  /** Send one command APDU; answers the raw data and status word (no 61xx/6Cxx handling). */
  transmit(apdu: Uint8Array): Promise<ResponseApdu>;
  /** SCardControl with a full control code; answers the output bytes. */
  control(code: number, data: Uint8Array): Promise<Uint8Array>;
  /**
   * Re-open the card connection after SCARD_W_RESET_CARD (another program or the OS reset the
   * card): the card is still there but every selection and PIN state is gone.
   */
  reconnect(): Promise<void>;
  /**
   * Release the card handle. 'leave' (the default) leaves the card powered as it is
   * (SCARD_LEAVE_CARD); 'reset' resets it (SCARD_RESET_CARD), so every selection and PIN state
   * on it is gone for whoever uses it next.
   */
  close(disposition?: CardDisposition): Promise<void>;
}
