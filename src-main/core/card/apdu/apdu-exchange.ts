// The APDU processor between the PIV client and a transport (yubikit's layering, STYLE.md 5):
// splits long commands into a chain (CLA 10), follows 61xx with GET RESPONSE and answers 6Cxx by
// resending with the right Le (ISO 7816-4 5.1.1.1 and 5.6; SP 800-73-4 Part 2, 3.1.1 and 3.2.4).

import type { CardTransport } from '../transport';
import {
  ApduFormatError,
  chainCommand,
  type CommandApdu,
  encodeCommand,
  getResponseCommand,
  isBytesRemaining,
  isWrongLe,
  type ResponseApdu,
  SW,
} from './iso7816';

/** A card answering 61xx for ever must not hang us: 64 KiB is far above any PIV object. */
export const MAX_RESPONSE_BYTES = 65536;
const MAX_ROUND_TRIPS = 512;

/**
 * Send a command and gather its whole answer. A status other than 9000 / 61xx / 6Cxx ends the
 * exchange and is returned to the caller (which maps it to a typed error).
 */
export async function exchange(transport: CardTransport, command: CommandApdu): Promise<ResponseApdu> {
  const parts = chainCommand(command);
  for (const part of parts.slice(0, -1)) {
    const r = await sendZeroing(transport, part);
    if (r.sw !== SW.SUCCESS) return r;
  }
  const last = parts[parts.length - 1];
  if (!last) throw new ApduFormatError('empty command chain');
  let response = await sendZeroing(transport, last);
  if (isWrongLe(response.sw)) {
    // One resend only: a card that answers 6Cxx again gets its status returned as an error.
    response = await sendZeroing(transport, { ...last, le: (response.sw & 0xff) || 256 });
  }
  const chunks: Uint8Array[] = [response.data];
  let total = response.data.length;
  let trips = 0;
  while (isBytesRemaining(response.sw)) {
    if (++trips > MAX_ROUND_TRIPS || total > MAX_RESPONSE_BYTES) {
      throw new ApduFormatError('response too long (endless 61xx)');
    }
    response = await sendZeroing(transport, getResponseCommand(response.sw));
    chunks.push(response.data);
    total += response.data.length;
  }
  if (chunks.length === 1) return response;
  const data = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    data.set(c, offset);
    offset += c.length;
  }
  return { data, sw: response.sw };
}

/** Encode, send, then zero the encoded bytes: a VERIFY APDU carries the PIN. */
async function sendZeroing(transport: CardTransport, command: CommandApdu): Promise<ResponseApdu> {
  const bytes = encodeCommand(command);
  try {
    return await transport.transmit(bytes);
  } finally {
    bytes.fill(0);
  }
}
