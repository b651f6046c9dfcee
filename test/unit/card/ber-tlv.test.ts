import { describe, expect, it } from 'vitest';
import { encodeLength, encodeTlv, findTlv, readTlv, readTlvList, TlvFormatError } from '../../../src-main/core/card/apdu/ber-tlv';
import { hex, toHex } from '../../support/card/scripted-transport';

describe('BER-TLV (SP 800-73-4 Part 1, Section 3; lengths of 1-3 bytes)', () => {
  it('reads the Discovery object example of SP 800-73-4 Part 1, 3.3.2', () => {
    // 7E 12 { 4F 0B <PIV AID>, 5F 2F 02 40 00 }
    const discovery = hex('7E124F0BA0000003080000100001005F2F024000');
    const outer = readTlv(discovery);
    expect(outer.tag).toBe(0x7e);
    expect(outer.end).toBe(discovery.length);
    const inner = readTlvList(outer.value);
    expect(inner.map((t) => t.tag)).toEqual([0x4f, 0x5f2f]);
    expect(toHex(inner[0]!.value)).toBe('A000000308000010000100');
    expect(toHex(findTlv(outer.value, 0x5f2f)!)).toBe('4000');
  });

  it('reads 3-byte tags and 81 / 82 lengths (GET DATA 53 82 LL LL)', () => {
    const value = new Uint8Array(300).fill(1);
    const encoded = encodeTlv(0x53, value);
    expect(toHex(encoded.subarray(0, 4))).toBe('5382012C');
    expect(readTlv(encoded).value.length).toBe(300);
    expect(toHex(encodeTlv(0x5fc105, new Uint8Array(0)))).toBe('5FC10500');
    expect(readTlv(hex('5FC1050101')).tag).toBe(0x5fc105);
    expect(toHex(encodeLength(0x7f))).toBe('7F');
    expect(toHex(encodeLength(0x80))).toBe('8180');
    expect(toHex(encodeLength(0x100))).toBe('820100');
  });

  it('raises TlvFormatError on truncated or unsupported input', () => {
    for (const bad of ['5F', '5FC1', '53', '5381', '538201', '530501', '7E80', '538301000001', '5FFFFF0100']) {
      expect(() => readTlvList(hex(bad)), bad).toThrow(TlvFormatError);
    }
  });
});
