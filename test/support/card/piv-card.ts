// A virtual PIV card application (NIST SP 800-73-4 Part 2), faithful enough that our client and
// OpenSC's PIV driver treat it as a card: SELECT with APT, GET DATA (Discovery 7E, CCC, CHUID,
// certificates; 6A82 for absent objects), VERIFY with a retry counter (63Cx, blocked 6983, empty
// VERIFY in both forms, P1=FF to reset), GENERAL AUTHENTICATE with RSA-2048 and P-256 keys in
// slot 9A (command chaining with CLA 10), Le handling with 61xx / GET RESPONSE and 6Cxx.
// Volatile state (selection, PIN verified, buffers) is lost on reset and power-off; the retry
// counter is "non-volatile" and survives them.

import { constants, type KeyObject, privateDecrypt, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { concatBytes, encodeTlv, readTlvList } from '../../../src-main/core/card/apdu/ber-tlv';
import { CLA_CHAINING, encodeResponse, SW } from '../../../src-main/core/card/apdu/iso7816';
import {
  ALG,
  CERT_TAG,
  CHUID_TAG,
  DYN_AUTH,
  INS,
  KEY_REF,
  OBJECT,
  PIV_AID_FULL,
} from '../../../src-main/core/card/piv/piv-constants';
import { p256PrivateScalar, signP256Digest } from './ecdsa-p256';
import { parseCommand, type ParsedCommand } from './command-parser';

export type VirtualKeyAlgorithm = 'rsa2048' | 'p256';

export interface VirtualPivCardOptions {
  /** DER of the PIV Authentication certificate (slot 9A); omit for a card without one. */
  readonly certificateDer?: Uint8Array;
  /** The slot 9A private key matching the certificate. */
  readonly privateKey?: KeyObject;
  readonly algorithm?: VirtualKeyAlgorithm;
  /** ASCII digits, 6-8 for real PIV cards (we accept 4-8 like the kiosk). */
  readonly pin: string;
  /** Store the certificate gzip'd with CertInfo = 01 (SP 800-73-4 Part 1, Table 10 note). */
  readonly compressCertificate?: boolean;
  /** Card UUID (CHUID tag 34); random when absent. */
  readonly guid?: Uint8Array;
  /** CHUID expiry YYYYMMDD. */
  readonly expiry?: string;
  readonly maxTries?: number;
  /** Tries left at start (e.g. to make a card that is already blocked). */
  readonly triesLeft?: number;
  readonly label?: string;
  /**
   * Behave like an SP 800-73-3 card: VERIFY with P1 = FF (reset the PIN's security status, new in
   * 800-73-4) is refused with 6A86, so only a card reset clears the PIN.
   */
  readonly sp80073v3?: boolean;
}

export interface ApduLogEntry {
  /** Milliseconds since the card was made. */
  readonly at: number;
  /** Command bytes; the PIN block of a VERIFY is replaced by 2A ('*') bytes. */
  readonly command: Uint8Array;
  readonly response: Uint8Array;
}

/** ATR: T=0 and T=1 offered, 12 historical bytes "ESR PIV CARD", TCK (ISO 7816-3 8.2). */
export function buildAtr(historical = 'ESR PIV CARD'): Uint8Array {
  const hist = Buffer.from(historical.padEnd(15, ' ').slice(0, 15), 'ascii');
  const body = [0x80 | hist.length, 0x80, 0x01, ...hist];
  const tck = body.reduce((x, b) => x ^ b, 0);
  return Uint8Array.from([0x3b, ...body, tck]);
}

const DISCOVERY_VALUE = concatBytes(
  encodeTlv(0x4f, PIV_AID_FULL),
  // PIN Usage Policy: PIV Card Application PIN only (SP 800-73-4 Part 1, 3.3.2): 40 00.
  encodeTlv(0x5f2f, Uint8Array.of(0x40, 0x00)),
);

export class VirtualPivCard {
  readonly atr: Uint8Array;
  readonly log: ApduLogEntry[] = [];
  /** Reader-side events with performance.now() times: pcscd powers a card up when it sees it, and vpcd asks for the ATR on every presence poll. */
  readonly readerEvents: { readonly at: number; readonly type: 'power-on' | 'power-off' | 'reset' | 'atr' }[] = [];
  readonly label: string;
  readonly #objects = new Map<number, Uint8Array>();
  readonly #pin: Uint8Array;
  readonly #maxTries: number;
  readonly #algorithm: VirtualKeyAlgorithm | null;
  readonly #privateKey: KeyObject | null;
  readonly #ecScalar: bigint | null;
  readonly #born = Date.now();
  #triesLeft: number;
  readonly #sp80073v3: boolean;
  // Volatile state.
  #powered = false;
  #selected = false;
  #pinVerified = false;
  #pending: Uint8Array | null = null;
  #chain: { ins: number; p1: number; p2: number; data: Uint8Array[] } | null = null;
  /** Commands seen since the last reset (diagnostics). */
  resets = 0;

  constructor(options: VirtualPivCardOptions) {
    if (!/^\d{4,8}$/.test(options.pin)) throw new Error('virtual card PIN must be 4-8 digits');
    this.#pin = Buffer.from(options.pin, 'ascii');
    this.#maxTries = options.maxTries ?? 3;
    this.#triesLeft = options.triesLeft ?? this.#maxTries;
    this.#sp80073v3 = options.sp80073v3 === true;
    this.label = options.label ?? 'ESR virtual PIV card';
    this.atr = buildAtr();
    this.#algorithm = options.algorithm ?? null;
    this.#privateKey = options.privateKey ?? null;
    this.#ecScalar = this.#privateKey && this.#algorithm === 'p256' ? p256PrivateScalar(this.#privateKey) : null;
    const guid = options.guid ?? new Uint8Array(randomBytes(16));
    this.#objects.set(OBJECT.CHUID, buildChuid(guid, options.expiry ?? '20301231'));
    this.#objects.set(OBJECT.CARD_CAPABILITY_CONTAINER, buildCcc());
    if (options.certificateDer) {
      const gzip = options.compressCertificate === true;
      const cert = gzip ? new Uint8Array(gzipSync(options.certificateDer)) : options.certificateDer;
      this.#objects.set(
        OBJECT.PIV_AUTHENTICATION_CERTIFICATE,
        concatBytes(
          encodeTlv(CERT_TAG.CERTIFICATE, cert),
          encodeTlv(CERT_TAG.CERT_INFO, Uint8Array.of(gzip ? 0x01 : 0x00)),
          encodeTlv(CERT_TAG.ERROR_DETECTION_CODE, new Uint8Array(0)),
        ),
      );
    }
  }

  get triesLeft(): number {
    return this.#triesLeft;
  }

  get powered(): boolean {
    return this.#powered;
  }

  get pinVerified(): boolean {
    return this.#pinVerified;
  }

  /** Replace or remove (null) a data object, e.g. to make a corrupt or absent certificate. */
  setObject(tag: number, value: Uint8Array | null): void {
    if (value === null) this.#objects.delete(tag);
    else this.#objects.set(tag, value);
  }

  get atrForReader(): Uint8Array {
    this.readerEvents.push({ at: performance.now(), type: 'atr' });
    return this.atr;
  }

  powerOn(): void {
    this.readerEvents.push({ at: performance.now(), type: 'power-on' });
    this.#resetVolatile();
    this.#powered = true;
  }

  powerOff(): void {
    this.readerEvents.push({ at: performance.now(), type: 'power-off' });
    this.#resetVolatile();
    this.#powered = false;
  }

  /** Warm reset: security status and selection are lost (SP 800-73-4 Part 2, 3.2.1 note). */
  reset(): void {
    this.readerEvents.push({ at: performance.now(), type: 'reset' });
    this.#resetVolatile();
    this.#powered = true;
    this.resets++;
  }

  /** Process one command APDU and answer the response APDU (data + SW1 SW2). */
  process(apdu: Uint8Array): Uint8Array {
    const response = this.#process(apdu);
    this.log.push({ at: Date.now() - this.#born, command: redactPin(apdu), response: Uint8Array.from(response) });
    return response;
  }

  clearLog(): void {
    this.log.length = 0;
  }

  #resetVolatile(): void {
    this.#selected = false;
    this.#pinVerified = false;
    this.#pending = null;
    this.#chain = null;
  }

  #process(apdu: Uint8Array): Uint8Array {
    const cmd = parseCommand(apdu);
    if (cmd === null) return sw(SW.WRONG_LENGTH);
    if ((cmd.cla & ~CLA_CHAINING) !== 0x00) return sw(SW.CLA_NOT_SUPPORTED);
    if (cmd.ins === INS.GET_RESPONSE) return this.#getResponse(cmd);
    // Any other command ends an unfinished response (ISO 7816-4 7.6.1).
    this.#pending = null;
    if (this.#chain && (cmd.ins !== this.#chain.ins || cmd.p1 !== this.#chain.p1 || cmd.p2 !== this.#chain.p2)) {
      this.#chain = null;
    }
    if ((cmd.cla & CLA_CHAINING) !== 0) {
      if (cmd.ins !== INS.GENERAL_AUTHENTICATE) return sw(SW.COMMAND_CHAINING_NOT_SUPPORTED);
      this.#chain ??= { ins: cmd.ins, p1: cmd.p1, p2: cmd.p2, data: [] };
      this.#chain.data.push(cmd.data);
      return sw(SW.SUCCESS);
    }
    let full = cmd;
    if (this.#chain) {
      full = { ...cmd, data: concatBytes(...this.#chain.data, cmd.data) };
      this.#chain = null;
    }
    switch (full.ins) {
      case INS.SELECT:
        return this.#select(full);
      case INS.GET_DATA:
        return this.#selected ? this.#getData(full) : sw(SW.INS_NOT_SUPPORTED);
      case INS.VERIFY:
        return this.#selected ? this.#verify(full) : sw(SW.INS_NOT_SUPPORTED);
      case INS.GENERAL_AUTHENTICATE:
        return this.#selected ? this.#generalAuthenticate(full) : sw(SW.INS_NOT_SUPPORTED);
      default:
        return sw(SW.INS_NOT_SUPPORTED);
    }
  }

  #select(cmd: ParsedCommand): Uint8Array {
    if (cmd.p1 !== 0x04 || (cmd.p2 & 0xf3) !== 0x00) return sw(SW.INCORRECT_P1P2);
    const aid = cmd.data;
    const matches = aid.length >= 5 && aid.length <= PIV_AID_FULL.length && aid.every((b, i) => b === PIV_AID_FULL[i]);
    if (!matches) {
      this.#selected = false;
      return sw(SW.NOT_FOUND);
    }
    this.#selected = true;
    // Application Property Template (SP 800-73-4 Part 2, 3.1.1, Table 3).
    const algorithms = concatBytes(
      encodeTlv(0x80, Uint8Array.of(ALG.RSA_2048)),
      encodeTlv(0x80, Uint8Array.of(ALG.ECC_P256)),
      encodeTlv(0x06, new Uint8Array(0)),
    );
    const apt = encodeTlv(
      0x61,
      concatBytes(
        encodeTlv(0x4f, PIV_AID_FULL.subarray(5)),
        encodeTlv(0x79, encodeTlv(0x4f, PIV_AID_FULL)),
        encodeTlv(0x50, Buffer.from(this.label, 'utf8')),
        encodeTlv(0xac, algorithms),
      ),
    );
    return this.#respond(apt, cmd.le);
  }

  #getData(cmd: ParsedCommand): Uint8Array {
    if (cmd.p1 !== 0x3f || cmd.p2 !== 0xff) return sw(SW.INCORRECT_P1P2);
    let tag: number;
    try {
      const [list, ...rest] = readTlvList(cmd.data);
      if (list?.tag !== 0x5c || rest.length > 0 || list.value.length < 1 || list.value.length > 3) return sw(SW.INCORRECT_DATA);
      tag = list.value.reduce((t, b) => (t << 8) | b, 0);
    } catch {
      return sw(SW.INCORRECT_DATA);
    }
    if (tag === OBJECT.DISCOVERY) return this.#respond(encodeTlv(OBJECT.DISCOVERY, DISCOVERY_VALUE), cmd.le);
    const value = this.#objects.get(tag);
    if (!value) return sw(SW.NOT_FOUND);
    return this.#respond(encodeTlv(0x53, value), cmd.le);
  }

  #verify(cmd: ParsedCommand): Uint8Array {
    if (cmd.p2 === KEY_REF.GLOBAL_PIN) return sw(SW.REFERENCED_DATA_NOT_FOUND);
    if (cmd.p2 !== KEY_REF.PIV_PIN) return sw(SW.INCORRECT_P1P2);
    if (cmd.p1 === 0xff) {
      if (this.#sp80073v3) return sw(SW.INCORRECT_P1P2);
      // Reset the security status of the PIN (SP 800-73-4 Part 2, 3.2.1, P1 = FF).
      if (cmd.data.length !== 0) return sw(SW.WRONG_LENGTH);
      this.#pinVerified = false;
      return sw(SW.SUCCESS);
    }
    if (cmd.p1 !== 0x00) return sw(SW.INCORRECT_P1P2);
    if (cmd.data.length === 0) {
      // Status query: both "00 20 00 80" and "00 20 00 80 00" arrive here.
      if (this.#triesLeft === 0) return sw(SW.AUTH_METHOD_BLOCKED);
      return sw(this.#pinVerified ? SW.SUCCESS : SW.VERIFY_FAILED_BASE | this.#triesLeft);
    }
    if (this.#triesLeft === 0) return sw(SW.AUTH_METHOD_BLOCKED);
    if (cmd.data.length !== 8 || !isPinBlock(cmd.data)) return sw(SW.INCORRECT_DATA);
    const expected = new Uint8Array(8).fill(0xff);
    expected.set(this.#pin);
    const ok = expected.every((b, i) => b === cmd.data[i]);
    expected.fill(0);
    if (ok) {
      this.#triesLeft = this.#maxTries;
      this.#pinVerified = true;
      return sw(SW.SUCCESS);
    }
    this.#triesLeft--;
    this.#pinVerified = false;
    return sw(SW.VERIFY_FAILED_BASE | this.#triesLeft);
  }

  #generalAuthenticate(cmd: ParsedCommand): Uint8Array {
    if (cmd.p2 !== KEY_REF.PIV_AUTHENTICATION) return sw(SW.REFERENCED_DATA_NOT_FOUND);
    if (!this.#privateKey || !this.#algorithm) return sw(SW.REFERENCED_DATA_NOT_FOUND);
    const expectedAlg = this.#algorithm === 'rsa2048' ? ALG.RSA_2048 : ALG.ECC_P256;
    if (cmd.p1 !== expectedAlg) return sw(SW.INCORRECT_P1P2);
    let challenge: Uint8Array | null = null;
    let wantsResponse = false;
    try {
      const [template, ...rest] = readTlvList(cmd.data);
      if (template?.tag !== DYN_AUTH.TEMPLATE || rest.length > 0) return sw(SW.INCORRECT_DATA);
      for (const item of readTlvList(template.value)) {
        if (item.tag === DYN_AUTH.RESPONSE && item.value.length === 0) wantsResponse = true;
        else if (item.tag === DYN_AUTH.CHALLENGE) challenge = item.value;
        else return sw(SW.INCORRECT_DATA);
      }
    } catch {
      return sw(SW.INCORRECT_DATA);
    }
    if (!wantsResponse || challenge === null) return sw(SW.INCORRECT_DATA);
    // Slot 9A needs the PIN once per session (SP 800-73-4 Part 1, Table 4b: PIN access rule).
    if (!this.#pinVerified) return sw(SW.SECURITY_STATUS_NOT_SATISFIED);
    let signature: Uint8Array;
    if (this.#algorithm === 'rsa2048') {
      if (challenge.length !== 256) return sw(SW.INCORRECT_DATA);
      try {
        signature = new Uint8Array(privateDecrypt({ key: this.#privateKey, padding: constants.RSA_NO_PADDING }, challenge));
      } catch {
        return sw(SW.INCORRECT_DATA); // input not below the modulus
      }
    } else {
      if (challenge.length !== 32 || this.#ecScalar === null) return sw(SW.INCORRECT_DATA);
      signature = signP256Digest(this.#ecScalar, challenge);
    }
    return this.#respond(encodeTlv(DYN_AUTH.TEMPLATE, encodeTlv(DYN_AUTH.RESPONSE, signature)), cmd.le);
  }

  /** Answer `data` within Le; the rest waits for GET RESPONSE behind 61xx (ISO 7816-4 5.6). */
  #respond(data: Uint8Array, le: number | null): Uint8Array {
    const max = le ?? 256;
    if (data.length <= max) return encodeResponse(data, SW.SUCCESS);
    this.#pending = data.subarray(max);
    return encodeResponse(data.subarray(0, max), SW.BYTES_REMAINING_BASE | Math.min(this.#pending.length, 256) % 256);
  }

  #getResponse(cmd: ParsedCommand): Uint8Array {
    const pending = this.#pending;
    if (!pending) return sw(SW.CONDITIONS_NOT_SATISFIED);
    if (cmd.p1 !== 0 || cmd.p2 !== 0) return sw(SW.INCORRECT_P1P2);
    const le = cmd.le ?? 256;
    // Le larger than what is left (and not "00 = up to 256"): 6Cxx with the exact count.
    if (le !== 256 && le > pending.length) return sw(SW.WRONG_LE_BASE | pending.length);
    this.#pending = null;
    return this.#respond(pending, le);
  }
}

function sw(status: number): Uint8Array {
  return Uint8Array.of(status >> 8, status & 0xff);
}

function isPinBlock(block: Uint8Array): boolean {
  let i = 0;
  while (i < block.length && (block[i] ?? 0) >= 0x30 && (block[i] ?? 0) <= 0x39) i++;
  if (i === 0) return false;
  for (; i < block.length; i++) if (block[i] !== 0xff) return false;
  return true;
}

/** Hide the PIN block of a VERIFY in the APDU log (RULES: no PIN in logs or snapshots). */
function redactPin(apdu: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(apdu);
  if (copy.length > 5 && copy[1] === INS.VERIFY) copy.fill(0x2a, 5);
  return copy;
}

function buildChuid(guid: Uint8Array, expiry: string): Uint8Array {
  // FASC-N (25 bytes, SP 800-73-4 Part 1 Table 9; the usual all-nines test pattern of TIG SCEPACS).
  const fascn = Buffer.from('D4E739DA739CED39CE739D836858210842108421C84210C3EB', 'hex');
  return concatBytes(
    encodeTlv(CHUID_TAG.FASCN, fascn),
    encodeTlv(CHUID_TAG.GUID, guid),
    encodeTlv(CHUID_TAG.EXPIRATION_DATE, Buffer.from(expiry, 'ascii')),
    encodeTlv(CHUID_TAG.ISSUER_SIGNATURE, new Uint8Array(0)),
    encodeTlv(CHUID_TAG.ERROR_DETECTION_CODE, new Uint8Array(0)),
  );
}

/** Card Capability Container (SP 800-73-4 Part 1, Appendix A, Table 8), minimal values. */
function buildCcc(): Uint8Array {
  const cardId = concatBytes(Uint8Array.of(0xa0, 0x00, 0x00, 0x01, 0x16, 0xff, 0x02), randomBytes(14));
  const t = (tag: number, value: number[]): Uint8Array => encodeTlv(tag, Uint8Array.from(value));
  return concatBytes(
    encodeTlv(0xf0, cardId),
    t(0xf1, [0x21]),
    t(0xf2, [0x21]),
    t(0xf3, []),
    t(0xf4, [0x00]),
    t(0xf5, [0x10]),
    t(0xf6, []),
    t(0xf7, []),
    t(0xfa, []),
    t(0xfb, []),
    t(0xfc, []),
    t(0xfd, []),
    t(0xfe, []),
  );
}
