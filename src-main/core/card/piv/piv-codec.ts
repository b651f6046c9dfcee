// Pure PIV encoders and parsers: PIN block, RSA DigestInfo padding, dynamic authentication
// template, certificate container and CHUID. No I/O; every malformed input raises a typed
// PivFormatError (never a crash), which the fast-check property tests check.

import { gunzipSync } from 'node:zlib';
import { concatBytes, encodeTlv, readTlvList, TlvFormatError, type Tlv } from '../apdu/ber-tlv';
import {
  CERT_INFO_GZIP,
  CERT_TAG,
  CHUID_TAG,
  DYN_AUTH,
  PIN_BLOCK_LENGTH,
  PIN_PAD_BYTE,
  TAG_DATA,
} from './piv-constants';

export class PivFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PivFormatError';
  }
}

function tlvs(bytes: Uint8Array, what: string): Tlv[] {
  try {
    return readTlvList(bytes);
  } catch (error) {
    if (error instanceof TlvFormatError) throw new PivFormatError(`${what}: ${error.message}`, { cause: error });
    throw error;
  }
}

/** PIN digits at the kiosk: 4-8 ASCII digits (DESIGN.md 3); the card block holds at most 8. */
export const PIN_MIN_DIGITS = 4;
export const PIN_MAX_DIGITS = PIN_BLOCK_LENGTH;

export function isValidPin(pin: Uint8Array): boolean {
  if (pin.length < PIN_MIN_DIGITS || pin.length > PIN_MAX_DIGITS) return false;
  return pin.every((b) => b >= 0x30 && b <= 0x39);
}

/**
 * The 8-byte PIN block: ASCII digits padded with FF (SP 800-73-4 Part 2, 3.2.1; Part 1, 2.4.3).
 * The caller zeroes the result after use.
 */
export function encodePinBlock(pin: Uint8Array): Uint8Array {
  if (!isValidPin(pin)) throw new PivFormatError('PIN must be 4 to 8 digits');
  const block = new Uint8Array(PIN_BLOCK_LENGTH).fill(PIN_PAD_BYTE);
  block.set(pin, 0);
  return block;
}

/** DER prefix of DigestInfo for SHA-256 (RFC 8017, Section 9.2, note 1). */
export const SHA256_DIGEST_INFO_PREFIX = Uint8Array.of(
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
);

/**
 * EMSA-PKCS1-v1_5 encoding of a SHA-256 digest (RFC 8017, Section 9.2): 00 01 FF.. 00 DigestInfo.
 * A PIV card does raw RSA in GENERAL AUTHENTICATE, so the client pads (SP 800-73-4 Part 2, 3.2.4
 * and Appendix A.2: "the data field shall contain the padded hash").
 */
export function pkcs1v15Sha256(digest: Uint8Array, modulusBytes = 256): Uint8Array {
  if (digest.length !== 32) throw new PivFormatError(`SHA-256 digest must be 32 bytes, got ${digest.length}`);
  const t = concatBytes(SHA256_DIGEST_INFO_PREFIX, digest);
  if (modulusBytes < t.length + 11) throw new PivFormatError('modulus too short for PKCS#1 v1.5');
  const em = new Uint8Array(modulusBytes).fill(0xff);
  em[0] = 0x00;
  em[1] = 0x01;
  em[modulusBytes - t.length - 1] = 0x00;
  em.set(t, modulusBytes - t.length);
  return em;
}

/** GENERAL AUTHENTICATE data for an internal-authenticate style signature: 7C { 82 00, 81 <data> } (Part 2, 3.2.4; Part 2 Appendix A.3). */
export function encodeSignRequest(data: Uint8Array): Uint8Array {
  return encodeTlv(DYN_AUTH.TEMPLATE, concatBytes(encodeTlv(DYN_AUTH.RESPONSE, new Uint8Array(0)), encodeTlv(DYN_AUTH.CHALLENGE, data)));
}

/** The signature in 7C { 82 <signature> } (Part 2, 3.2.4). */
export function parseSignResponse(bytes: Uint8Array): Uint8Array {
  const outer = tlvs(bytes, 'GENERAL AUTHENTICATE response');
  const template = outer.find((t) => t.tag === DYN_AUTH.TEMPLATE);
  if (!template) throw new PivFormatError('GENERAL AUTHENTICATE response: no 7C template');
  const response = tlvs(template.value, 'GENERAL AUTHENTICATE response').find((t) => t.tag === DYN_AUTH.RESPONSE);
  if (!response || response.value.length === 0) throw new PivFormatError('GENERAL AUTHENTICATE response: no 82 response');
  return response.value;
}

/** The value inside the 53 wrapper of a GET DATA response (Part 2, 3.1.2). */
export function unwrapDataObject(bytes: Uint8Array): Uint8Array {
  const outer = tlvs(bytes, 'data object');
  const first = outer[0];
  if (first?.tag !== TAG_DATA) throw new PivFormatError('data object: missing 53 wrapper');
  return first.value;
}

/** Largest certificate we accept after gunzip (a gzip bomb must not exhaust memory). */
export const MAX_CERTIFICATE_BYTES = 16 * 1024;

/** DER certificate from the certificate container (Part 1, Appendix A, Table 10). */
export function parseCertificateObject(value: Uint8Array): Uint8Array {
  const items = tlvs(value, 'certificate object');
  const cert = items.find((t) => t.tag === CERT_TAG.CERTIFICATE);
  if (!cert || cert.value.length === 0) throw new PivFormatError('certificate object: no certificate (70)');
  const info = items.find((t) => t.tag === CERT_TAG.CERT_INFO);
  const compressed = info !== undefined && info.value.length > 0 && ((info.value[0] ?? 0) & CERT_INFO_GZIP) !== 0;
  if (!compressed) return Uint8Array.from(cert.value);
  try {
    return new Uint8Array(gunzipSync(cert.value, { maxOutputLength: MAX_CERTIFICATE_BYTES }));
  } catch (error) {
    throw new PivFormatError('certificate object: gzip data is invalid or too large', { cause: error });
  }
}

export interface ParsedChuid {
  readonly fascn: Uint8Array | null;
  readonly guid: Uint8Array;
  readonly expiry: string | null;
}

/** CHUID fields (Part 1, Appendix A, Table 9; GUID is mandatory and 16 bytes). */
export function parseChuid(value: Uint8Array): ParsedChuid {
  const items = tlvs(value, 'CHUID');
  const get = (tag: number): Uint8Array | null => items.find((t) => t.tag === tag)?.value ?? null;
  const guid = get(CHUID_TAG.GUID);
  if (guid?.length !== 16) throw new PivFormatError('CHUID: GUID (34) missing or not 16 bytes');
  const fascn = get(CHUID_TAG.FASCN);
  const expiryBytes = get(CHUID_TAG.EXPIRATION_DATE);
  let expiry: string | null = null;
  if (expiryBytes) {
    expiry = String.fromCharCode(...expiryBytes);
    if (!/^\d{8}$/.test(expiry)) throw new PivFormatError('CHUID: expiry (35) is not YYYYMMDD');
  }
  return { guid: Uint8Array.from(guid), fascn: fascn ? Uint8Array.from(fascn) : null, expiry };
}

/** Cheap sanity check of a DER ECDSA signature: SEQUENCE { INTEGER r, INTEGER s } (SEC 1, C.8). */
export function isDerEcdsaSignature(sig: Uint8Array): boolean {
  try {
    const [seq, ...rest] = readTlvList(sig);
    if (seq?.tag !== 0x30 || rest.length > 0) return false;
    const ints = readTlvList(seq.value);
    return ints.length === 2 && ints.every((t) => t.tag === 0x02 && t.value.length > 0 && t.value.length <= 33);
  } catch {
    return false;
  }
}
