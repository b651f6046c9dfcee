import { describe, expect, it } from 'vitest';
import {
  ApduFormatError,
  chainCommand,
  decodeResponse,
  encodeCommand,
  getResponseCommand,
  isBytesRemaining,
  isVerifyFailed,
  isWrongLe,
} from '../../../src-main/core/card/apdu/iso7816';
import { PIV_AID } from '../../../src-main/core/card/piv/piv-constants';
import { hex, toHex } from '../../support/card/scripted-transport';

describe('command APDU encoding (SP 800-73-4 Part 2 examples)', () => {
  it('SELECT the PIV application: 00 A4 04 00 09 A0 00 00 03 08 00 00 10 00 00 (Part 2, 3.1.1)', () => {
    expect(toHex(encodeCommand({ cla: 0, ins: 0xa4, p1: 4, p2: 0, data: PIV_AID, le: 256 }))).toBe('00A4040009A0000003080000100000');
  });

  it('GET DATA for the CHUID: 00 CB 3F FF 05 5C 03 5F C1 02 00 (Part 2, 3.1.2)', () => {
    expect(toHex(encodeCommand({ cla: 0, ins: 0xcb, p1: 0x3f, p2: 0xff, data: hex('5C035FC102'), le: 256 }))).toBe('00CB3FFF055C035FC10200');
  });

  it('VERIFY with and without data (Part 2, 3.2.1)', () => {
    expect(toHex(encodeCommand({ cla: 0, ins: 0x20, p1: 0, p2: 0x80 }))).toBe('00200080');
    expect(toHex(encodeCommand({ cla: 0, ins: 0x20, p1: 0, p2: 0x80, data: hex('313233343536FFFF') }))).toBe('0020008008313233343536FFFF');
  });

  it('encodes cases 2E, 3E and 4E with extended lengths (ISO 7816-4 5.1)', () => {
    expect(toHex(encodeCommand({ cla: 0, ins: 0xcb, p1: 0x3f, p2: 0xff, le: 65536 }))).toBe('00CB3FFF000000');
    expect(toHex(encodeCommand({ cla: 0, ins: 0xcb, p1: 0x3f, p2: 0xff, le: 1000 }))).toBe('00CB3FFF0003E8');
    const data = new Uint8Array(300).fill(0xab);
    const e3 = encodeCommand({ cla: 0, ins: 0x87, p1: 7, p2: 0x9a, data });
    expect(toHex(e3.subarray(0, 7))).toBe('0087079A00012C');
    expect(e3.length).toBe(307);
    const e4 = encodeCommand({ cla: 0, ins: 0x87, p1: 7, p2: 0x9a, data, le: 65536 });
    expect(toHex(e4.subarray(-2))).toBe('0000');
    expect(toHex(encodeCommand({ cla: 0, ins: 0xca, p1: 0, p2: 0, data: hex('01'), le: 256, extended: true }))).toBe('00CA0000000001010100');
  });

  it('refuses what cannot be encoded', () => {
    expect(() => encodeCommand({ cla: 0x100, ins: 0, p1: 0, p2: 0 })).toThrow(ApduFormatError);
    expect(() => encodeCommand({ cla: 0, ins: 0, p1: 0, p2: 0, le: 0 })).toThrow(ApduFormatError);
    expect(() => encodeCommand({ cla: 0, ins: 0, p1: 0, p2: 0, le: 65537 })).toThrow(ApduFormatError);
    expect(() => encodeCommand({ cla: 0, ins: 0, p1: 0, p2: 0, data: new Uint8Array(65536) })).toThrow(ApduFormatError);
  });
});

describe('command chaining (ISO 7816-4 5.1.1.1; SP 800-73-4 Part 2, 3.2.4)', () => {
  it('splits a 266-byte RSA GENERAL AUTHENTICATE into CLA 10 + CLA 00 with Le on the last', () => {
    const data = Uint8Array.from({ length: 266 }, (_, i) => i & 0xff);
    const parts = chainCommand({ cla: 0, ins: 0x87, p1: 7, p2: 0x9a, data, le: 256 });
    expect(parts.map((p) => [p.cla, p.data?.length, p.le])).toEqual([[0x10, 255, undefined], [0x00, 11, 256]]);
    expect(toHex(encodeCommand(parts[1]!))).toBe('0087079A0B' + toHex(data.subarray(255)) + '00');
  });

  it('leaves short commands alone', () => {
    const cmd = { cla: 0, ins: 0x87, p1: 0x11, p2: 0x9a, data: new Uint8Array(38), le: 256 };
    expect(chainCommand(cmd)).toEqual([cmd]);
  });
});

describe('responses', () => {
  it('splits data and status word, and refuses fewer than 2 bytes', () => {
    expect(decodeResponse(hex('0102 9000'))).toEqual({ data: hex('0102'), sw: 0x9000 });
    expect(() => decodeResponse(hex('90'))).toThrow(ApduFormatError);
  });

  it('classifies 61xx, 6Cxx and 63Cx and builds GET RESPONSE with Le = xx (00 for 256)', () => {
    expect(isBytesRemaining(0x6108)).toBe(true);
    expect(isWrongLe(0x6c10)).toBe(true);
    expect(isVerifyFailed(0x63c2)).toBe(true);
    expect(isVerifyFailed(0x6300)).toBe(false);
    expect(toHex(encodeCommand(getResponseCommand(0x6108)))).toBe('00C0000008');
    expect(toHex(encodeCommand(getResponseCommand(0x6100)))).toBe('00C0000000');
  });
});
