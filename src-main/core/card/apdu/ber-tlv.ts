// BER-TLV as used by PIV data objects (SP 800-73-4 Part 1, Section 3 "data objects are BER-TLV
// encoded as specified in ISO/IEC 8825-1"; Part 2, Section 3 lengths: "1, 2 or 3 bytes").
// Tags are at most 3 bytes (5F C1 05); lengths are 1 byte (< 0x80), 81 xx or 82 xx xx.
// Pure functions; malformed input raises TlvFormatError, never a crash or an endless loop.

export class TlvFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlvFormatError';
  }
}

export interface Tlv {
  readonly tag: number;
  readonly value: Uint8Array;
  /** Offset just past this TLV in the buffer it was read from. */
  readonly end: number;
}

const MAX_TAG_BYTES = 3;

/** Read one TLV at `offset`. */
export function readTlv(bytes: Uint8Array, offset = 0): Tlv {
  let pos = offset;
  const first = bytes[pos++];
  if (first === undefined) throw new TlvFormatError('truncated tag');
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    // Multi-byte tag: subsequent bytes carry b8 = "another byte follows" (ISO 8825-1 8.1.2.4).
    let count = 1;
    for (;;) {
      const b = bytes[pos++];
      if (b === undefined) throw new TlvFormatError('truncated tag');
      tag = (tag << 8) | b;
      count++;
      if ((b & 0x80) === 0) break;
      if (count >= MAX_TAG_BYTES) throw new TlvFormatError('tag longer than 3 bytes');
    }
  }
  const lenByte = bytes[pos++];
  if (lenByte === undefined) throw new TlvFormatError('truncated length');
  let length: number;
  if (lenByte < 0x80) {
    length = lenByte;
  } else if (lenByte === 0x81) {
    const b = bytes[pos++];
    if (b === undefined) throw new TlvFormatError('truncated length');
    length = b;
  } else if (lenByte === 0x82) {
    const hi = bytes[pos++];
    const lo = bytes[pos++];
    if (hi === undefined || lo === undefined) throw new TlvFormatError('truncated length');
    length = (hi << 8) | lo;
  } else {
    throw new TlvFormatError(`unsupported length byte 0x${lenByte.toString(16)}`);
  }
  if (pos + length > bytes.length) {
    throw new TlvFormatError(`value truncated: need ${length} bytes, have ${bytes.length - pos}`);
  }
  return { tag, value: bytes.subarray(pos, pos + length), end: pos + length };
}

/** Read every TLV in `bytes` (a constructed value or a whole response). */
export function readTlvList(bytes: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const tlv = readTlv(bytes, offset);
    out.push(tlv);
    offset = tlv.end;
  }
  return out;
}

/** The value of the first TLV with `tag` in `bytes`, or null. */
export function findTlv(bytes: Uint8Array, tag: number): Uint8Array | null {
  for (const tlv of readTlvList(bytes)) if (tlv.tag === tag) return tlv.value;
  return null;
}

export function encodeLength(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffff) {
    throw new TlvFormatError(`length out of range: ${length}`);
  }
  if (length < 0x80) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(0x81, length);
  return Uint8Array.of(0x82, length >> 8, length & 0xff);
}

export function encodeTag(tag: number): Uint8Array {
  if (!Number.isInteger(tag) || tag < 0 || tag > 0xffffff) throw new TlvFormatError(`tag out of range: ${tag}`);
  if (tag > 0xffff) return Uint8Array.of(tag >> 16, (tag >> 8) & 0xff, tag & 0xff);
  if (tag > 0xff) return Uint8Array.of(tag >> 8, tag & 0xff);
  return Uint8Array.of(tag);
}

export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
  return concatBytes(encodeTag(tag), encodeLength(value.length), value);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
