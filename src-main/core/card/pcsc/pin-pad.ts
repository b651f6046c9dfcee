// PIN-pad readers (PC/SC Part 10 v2.02.09): ask the reader for its features with
// CM_IOCTL_GET_FEATURE_REQUEST and, when FEATURE_VERIFY_PIN_DIRECT is offered, let the reader
// collect the PIN and send our VERIFY with it (the PIN never reaches this process).

import type { CardTransport } from '../transport';
import { CM_IOCTL_GET_FEATURE_REQUEST, FEATURE, scardCtlCode } from './pcsc-codes';

export class FeatureListFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeatureListFormatError';
  }
}

/**
 * Parse the GET_FEATURE_REQUEST answer: a list of PCSC_TLV_STRUCTURE { tag (1), length (1) = 4,
 * value = control code, big-endian } (PC/SC Part 10, Section 2.2).
 */
export function parseFeatureList(bytes: Uint8Array): Map<number, number> {
  const features = new Map<number, number>();
  let offset = 0;
  while (offset < bytes.length) {
    const tag = bytes[offset];
    const length = bytes[offset + 1];
    if (tag === undefined || length === undefined) throw new FeatureListFormatError('truncated feature entry');
    if (length !== 4) throw new FeatureListFormatError(`feature 0x${tag.toString(16)} has length ${length}, expected 4`);
    if (offset + 6 > bytes.length) throw new FeatureListFormatError('truncated feature value');
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset + 2, 4);
    features.set(tag, view.getUint32(0, false));
    offset += 6;
  }
  return features;
}

export interface PinPadFeatures {
  /** Control code for FEATURE_VERIFY_PIN_DIRECT. */
  readonly verifyPinDirect: number;
}

/**
 * Ask the reader for its features. Readers without SCardControl support (vpcd, most contact
 * readers without a pad) fail the call: that is "no PIN pad", not an error.
 */
export async function detectPinPad(transport: CardTransport, platform: string = process.platform): Promise<PinPadFeatures | null> {
  let answer: Uint8Array;
  try {
    answer = await transport.control(scardCtlCode(CM_IOCTL_GET_FEATURE_REQUEST, platform), new Uint8Array(0));
  } catch {
    return null;
  }
  let features: Map<number, number>;
  try {
    features = parseFeatureList(answer);
  } catch {
    return null;
  }
  const verifyPinDirect = features.get(FEATURE.VERIFY_PIN_DIRECT);
  return verifyPinDirect === undefined ? null : { verifyPinDirect };
}

/**
 * PIN_VERIFY_STRUCTURE (PC/SC Part 10, Section 2.5.2) for the PIV VERIFY: ASCII digits
 * left-justified in an 8-byte FF-padded block (SP 800-73-4 Part 2, 3.2.1), 4-8 digits, the reader
 * waits for its OK key. Multi-byte fields are little-endian.
 */
export function buildPivVerifyPinDirect(options: { minDigits?: number; maxDigits?: number; timeoutSeconds?: number } = {}): Uint8Array {
  const apdu = [0x00, 0x20, 0x00, 0x80, 0x08, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  const min = options.minDigits ?? 4;
  const max = options.maxDigits ?? 8;
  const timeout = options.timeoutSeconds ?? 30;
  const out = [
    timeout, // bTimerOut
    timeout, // bTimerOut2
    0x82, // bmFormatString: units are bytes (b7), PIN position 0, left-justified, ASCII (01b << 1)
    0x08, // bmPINBlockString: no length field, 8-byte PIN block
    0x00, // bmPINLengthFormat: no PIN length in the APDU
    max, min, // wPINMaxExtraDigit: XXYY, min XX and max YY, little-endian so YY first
    0x02, // bEntryValidationCondition: validation key pressed
    0x01, // bNumberMessage
    0x09, 0x04, // wLangId 0x0409
    0x00, // bMsgIndex
    0x00, 0x00, 0x00, // bTeoPrologue (T=1 only; the reader fills it)
    apdu.length, 0x00, 0x00, 0x00, // ulDataLength
    ...apdu,
  ];
  return Uint8Array.from(out);
}
