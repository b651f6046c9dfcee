import { constants, createHash, generateKeyPairSync, publicDecrypt, sign } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { concatBytes, encodeTlv } from '../../../src-main/core/card/apdu/ber-tlv';
import {
  encodePinBlock,
  encodeSignRequest,
  isDerEcdsaSignature,
  parseCertificateObject,
  parseChuid,
  parseSignResponse,
  PivFormatError,
  pkcs1v15Sha256,
  unwrapDataObject,
} from '../../../src-main/core/card/piv/piv-codec';
import { hex, toHex } from '../../support/card/scripted-transport';

describe('PIN block (SP 800-73-4 Part 2, 3.2.1)', () => {
  it('pads ASCII digits with FF to 8 bytes', () => {
    expect(toHex(encodePinBlock(hex('313233343536')))).toBe('313233343536FFFF');
    expect(toHex(encodePinBlock(hex('3132333435363738')))).toBe('3132333435363738');
  });
  it('refuses non-digits, fewer than 4 and more than 8', () => {
    for (const pin of ['313233', '313233343536373839', '3132333A', '']) expect(() => encodePinBlock(hex(pin))).toThrow(PivFormatError);
  });
});

describe('RSA PKCS#1 v1.5 DigestInfo padding (RFC 8017 9.2)', () => {
  it('matches what OpenSSL puts under its own RSA signature', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const message = Buffer.from('ESR-KIOSK-CARD-LOGIN-V1');
    const signature = sign('sha256', message, privateKey);
    const recovered = publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature);
    const ours = pkcs1v15Sha256(new Uint8Array(createHash('sha256').update(message).digest()));
    expect(toHex(ours)).toBe(toHex(recovered));
    expect(ours.length).toBe(256);
  });
  it('refuses a digest that is not 32 bytes', () => {
    expect(() => pkcs1v15Sha256(new Uint8Array(20))).toThrow(PivFormatError);
  });
});

describe('GENERAL AUTHENTICATE template (SP 800-73-4 Part 2, 3.2.4)', () => {
  it('encodes 7C { 82 00, 81 <data> } and reads 7C { 82 <signature> }', () => {
    expect(toHex(encodeSignRequest(new Uint8Array(32)))).toBe('7C248200' + '8120' + '00'.repeat(32));
    const rsa = encodeSignRequest(new Uint8Array(256));
    expect(toHex(rsa.subarray(0, 10))).toBe('7C820106820081820100');
    expect(toHex(parseSignResponse(hex('7C058203010203')))).toBe('010203');
    expect(() => parseSignResponse(hex('7C028200'))).toThrow(PivFormatError);
    expect(() => parseSignResponse(hex('9000'))).toThrow(PivFormatError);
  });
  it('recognises DER ECDSA signatures', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(isDerEcdsaSignature(sign('sha256', Buffer.from('x'), privateKey))).toBe(true);
    expect(isDerEcdsaSignature(hex('3003020101'))).toBe(false);
    expect(isDerEcdsaSignature(hex('30'))).toBe(false);
  });
});

describe('data objects (SP 800-73-4 Part 1, Appendix A)', () => {
  const cert = hex('3082000A' + '00'.repeat(10));
  it('unwraps 53 and reads the certificate, plain or gzip (CertInfo bit 0)', () => {
    const plain = concatBytes(encodeTlv(0x70, cert), encodeTlv(0x71, hex('00')), encodeTlv(0xfe, new Uint8Array(0)));
    expect(toHex(parseCertificateObject(unwrapDataObject(encodeTlv(0x53, plain))))).toBe(toHex(cert));
    const zipped = concatBytes(encodeTlv(0x70, gzipSync(cert)), encodeTlv(0x71, hex('01')));
    expect(toHex(parseCertificateObject(zipped))).toBe(toHex(cert));
  });
  it('refuses a missing certificate, broken gzip and a gzip bomb', () => {
    expect(() => parseCertificateObject(encodeTlv(0x71, hex('00')))).toThrow(PivFormatError);
    expect(() => parseCertificateObject(concatBytes(encodeTlv(0x70, hex('0102')), encodeTlv(0x71, hex('01'))))).toThrow(PivFormatError);
    const bomb = gzipSync(new Uint8Array(1_000_000));
    expect(bomb.length).toBeLessThan(65535);
    expect(() => parseCertificateObject(concatBytes(encodeTlv(0x70, bomb), encodeTlv(0x71, hex('01'))))).toThrow(PivFormatError);
    expect(() => unwrapDataObject(hex('7001AA'))).toThrow(PivFormatError);
  });
  it('parses the CHUID: FASC-N 30, GUID 34, expiry 35', () => {
    const guid = '5F0C2A0E8D4B4C1E9A3F1B2C3D4E5F60';
    const chuid = parseChuid(hex(`3019${'D4'.repeat(25)}3410${guid}3508${Buffer.from('20301231').toString('hex')}3E00FE00`));
    expect(toHex(chuid.guid)).toBe(guid);
    expect(chuid.fascn?.length).toBe(25);
    expect(chuid.expiry).toBe('20301231');
    expect(() => parseChuid(hex('3402AAAA'))).toThrow(PivFormatError);
    expect(() => parseChuid(hex(`3410${guid}3508${'41'.repeat(8)}`))).toThrow(PivFormatError);
  });
});
