// ISO/IEC 7816-4 command and response APDUs as PIV uses them (NIST SP 800-73-4 Part 2,
// Section 3: "the card commands ... are ISO/IEC 7816-4 APDUs"). Pure functions, no I/O.

/** Thrown for a command that cannot be encoded, or a response too short to be one. */
export class ApduFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApduFormatError';
  }
}

// Status words (ISO/IEC 7816-4 Section 5.6; SP 800-73-4 Part 2, Table 6 and the per-command
// tables in Section 3). Named as piv-go and yubikit name them.
export const SW = {
  SUCCESS: 0x9000,
  /** 61xx: xx more bytes available with GET RESPONSE (ISO 7816-4 5.6; SP 800-73-4 Part 2 3.1.1). */
  BYTES_REMAINING_BASE: 0x6100,
  /** 63Cx: verification failed, x tries left (SP 800-73-4 Part 2, 3.2.1 VERIFY). */
  VERIFY_FAILED_BASE: 0x63c0,
  WRONG_LENGTH: 0x6700,
  /** 6882: secure messaging not supported; 6883/6884 chaining errors (ISO 7816-4 Table 6). */
  LAST_COMMAND_EXPECTED: 0x6883,
  COMMAND_CHAINING_NOT_SUPPORTED: 0x6884,
  /** 6982: security status not satisfied (SP 800-73-4 Part 2, 3.2.4 GENERAL AUTHENTICATE). */
  SECURITY_STATUS_NOT_SATISFIED: 0x6982,
  /** 6983: authentication method blocked (SP 800-73-4 Part 2, 3.2.1 VERIFY). */
  AUTH_METHOD_BLOCKED: 0x6983,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  INCORRECT_DATA: 0x6a80,
  FUNCTION_NOT_SUPPORTED: 0x6a81,
  /** 6A82: data object or application not found (SP 800-73-4 Part 2, 3.1.1 SELECT, 3.1.2 GET DATA). */
  NOT_FOUND: 0x6a82,
  INCORRECT_P1P2: 0x6a86,
  REFERENCED_DATA_NOT_FOUND: 0x6a88,
  /** 6Cxx: wrong Le, resend with Le = xx (ISO 7816-4 5.6). */
  WRONG_LE_BASE: 0x6c00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
} as const;

export function isBytesRemaining(sw: number): boolean {
  return (sw & 0xff00) === SW.BYTES_REMAINING_BASE;
}

export function isWrongLe(sw: number): boolean {
  return (sw & 0xff00) === SW.WRONG_LE_BASE;
}

export function isVerifyFailed(sw: number): boolean {
  return (sw & 0xfff0) === SW.VERIFY_FAILED_BASE;
}

export function swHex(sw: number): string {
  return sw.toString(16).padStart(4, '0').toUpperCase();
}

/** CLA bit b5 marks "more commands of this chain follow" (ISO 7816-4 5.1.1.1; SP 800-73-4 Part 2, 3.2.4). */
export const CLA_CHAINING = 0x10;

export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data?: Uint8Array;
  /** Expected response length: 1..256 short (256 is sent as 00), up to 65536 extended. */
  readonly le?: number;
  /** Force extended length even when short would do. */
  readonly extended?: boolean;
}

export interface ResponseApdu {
  readonly data: Uint8Array;
  readonly sw: number;
}

function checkByte(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new ApduFormatError(`${name} must be a byte, got ${value}`);
  }
}

/**
 * Encode a command APDU, cases 1-4, short or extended (ISO 7816-4 5.1). Extended is chosen
 * when the data is longer than 255 bytes or Le is over 256, or when asked for.
 */
export function encodeCommand(command: CommandApdu): Uint8Array {
  checkByte('CLA', command.cla);
  checkByte('INS', command.ins);
  checkByte('P1', command.p1);
  checkByte('P2', command.p2);
  const data = command.data ?? new Uint8Array(0);
  const le = command.le;
  if (data.length > 65535) throw new ApduFormatError(`command data too long: ${data.length} bytes`);
  if (le !== undefined && (!Number.isInteger(le) || le < 1 || le > 65536)) {
    throw new ApduFormatError(`Le out of range: ${le}`);
  }
  const extended = command.extended === true || data.length > 255 || (le !== undefined && le > 256);
  const out: number[] = [command.cla, command.ins, command.p1, command.p2];
  if (!extended) {
    if (data.length > 0) out.push(data.length, ...data);
    if (le !== undefined) out.push(le === 256 ? 0 : le);
    return Uint8Array.from(out);
  }
  if (data.length > 0) {
    out.push(0, data.length >> 8, data.length & 0xff, ...data);
  }
  if (le !== undefined) {
    const l = le === 65536 ? 0 : le;
    if (data.length === 0) out.push(0);
    out.push(l >> 8, l & 0xff);
  }
  return Uint8Array.from(out);
}

/** Split a response into data and status word; fewer than 2 bytes is not a response. */
export function decodeResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new ApduFormatError(`response too short: ${bytes.length} bytes`);
  const n = bytes.length;
  return { data: bytes.slice(0, n - 2), sw: ((bytes[n - 2] ?? 0) << 8) | (bytes[n - 1] ?? 0) };
}

/** Encode data + status word as a card would answer. */
export function encodeResponse(data: Uint8Array, sw: number): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data, 0);
  out[data.length] = (sw >> 8) & 0xff;
  out[data.length + 1] = sw & 0xff;
  return out;
}

/**
 * Split a command whose data exceeds `chunk` bytes into a chain (ISO 7816-4 5.1.1.1, SP 800-73-4
 * Part 2 3.2.4 for GENERAL AUTHENTICATE): every command but the last has CLA bit 0x10 set and
 * no Le; the last carries the Le. Short APDUs only, as PIV cards are not required to support
 * extended length.
 */
export function chainCommand(command: CommandApdu, chunk = 255): CommandApdu[] {
  if (chunk < 1 || chunk > 255) throw new ApduFormatError(`chunk size out of range: ${chunk}`);
  const data = command.data ?? new Uint8Array(0);
  if (data.length <= chunk) return [command];
  const parts: CommandApdu[] = [];
  for (let offset = 0; offset < data.length; offset += chunk) {
    const last = offset + chunk >= data.length;
    const piece = data.subarray(offset, Math.min(offset + chunk, data.length));
    parts.push({
      cla: last ? command.cla : command.cla | CLA_CHAINING,
      ins: command.ins,
      p1: command.p1,
      p2: command.p2,
      data: piece,
      ...(last && command.le !== undefined ? { le: command.le } : {}),
    });
  }
  return parts;
}

/** GET RESPONSE (ISO 7816-4 7.6.1; SP 800-73-4 Part 2, 3.1.1 note on 61xx): INS C0, Le = xx. */
export function getResponseCommand(sw: number): CommandApdu {
  const available = sw & 0xff;
  return { cla: 0x00, ins: 0xc0, p1: 0x00, p2: 0x00, le: available === 0 ? 256 : available };
}
