// "Other middleware" for the integration tests: a second, independent PC/SC client straight on
// pcsclite, to hold a card exclusively (sharing violation) or reset it (SCARD_W_RESET_CARD for
// everyone else), as a Windows minidriver or another app would.

import pcsclite from 'pcsclite';

type PcscLite = ReturnType<typeof pcsclite>;
type CardReader = Parameters<Extract<Parameters<PcscLite['on']>[1], (reader: never) => void>>[0];

export interface RawConnection {
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  /** Disconnect leaving the card as it is, or resetting it. */
  disconnect(disposition: 'leave' | 'reset'): Promise<void>;
  close(): void;
}

export async function openRawConnection(readerName: string, share: 'exclusive' | 'shared', timeoutMs = 5000): Promise<RawConnection> {
  const pcsc = pcsclite();
  pcsc.on('error', () => undefined);
  const reader = await new Promise<CardReader>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`reader ${readerName} not seen`)), timeoutMs);
    pcsc.on('reader', (r) => {
      r.on('error', () => undefined);
      if (r.name !== readerName) return;
      r.once('status', () => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  });
  const protocol = await new Promise<number>((resolve, reject) =>
    reader.connect(
      { share_mode: share === 'exclusive' ? reader.SCARD_SHARE_EXCLUSIVE : reader.SCARD_SHARE_SHARED, protocol: reader.SCARD_PROTOCOL_T0 | reader.SCARD_PROTOCOL_T1 },
      (err, p) => (err ? reject(err instanceof Error ? err : new Error('connect failed')) : resolve(p)),
    ),
  );
  return {
    transmit: (apdu) =>
      new Promise((resolve, reject) =>
        reader.transmit(Buffer.from(apdu), 65538, protocol, (err, data) =>
          err ? reject(err instanceof Error ? err : new Error('transmit failed')) : resolve(new Uint8Array(data)),
        ),
      ),
    disconnect: (disposition) =>
      new Promise((resolve, reject) =>
        reader.disconnect(disposition === 'reset' ? reader.SCARD_RESET_CARD : reader.SCARD_LEAVE_CARD, (err) =>
          err ? reject(err instanceof Error ? err : new Error('disconnect failed')) : resolve(),
        ),
      ),
    close: () => {
      try {
        reader.close();
        pcsc.close();
      } catch {
        /* already closed */
      }
    },
  };
}
