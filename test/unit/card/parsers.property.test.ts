// Random and truncated card answers never crash the parsers: they parse, or raise a typed
// error (TlvFormatError, PivFormatError, ApduFormatError, FeatureListFormatError, CardError).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTlvList, TlvFormatError, encodeTlv } from '../../../src-main/core/card/apdu/ber-tlv';
import { ApduFormatError, decodeResponse } from '../../../src-main/core/card/apdu/iso7816';
import { CardError } from '../../../src-main/core/card/card-service';
import { FeatureListFormatError, parseFeatureList } from '../../../src-main/core/card/pcsc/pin-pad';
import { PivClient } from '../../../src-main/core/card/piv/piv-client';
import {
  parseCertificateObject,
  parseChuid,
  parseSignResponse,
  PivFormatError,
  unwrapDataObject,
} from '../../../src-main/core/card/piv/piv-codec';
import type { CardTransport } from '../../../src-main/core/card/transport';

const typed = (e: unknown): boolean =>
  e instanceof TlvFormatError || e instanceof PivFormatError || e instanceof ApduFormatError || e instanceof FeatureListFormatError || e instanceof CardError;

function neverCrashes(f: (b: Uint8Array) => unknown): (b: Uint8Array) => void {
  return (bytes) => {
    try {
      f(bytes);
    } catch (error) {
      if (!typed(error)) throw error;
    }
  };
}

/** Bytes that look like TLV: a real structure, then cut at a random point or mutated. */
const tlvish = fc
  .tuple(fc.constantFrom(0x53, 0x70, 0x71, 0x7c, 0x82, 0x34, 0x30, 0x35, 0x5fc105), fc.uint8Array({ maxLength: 400 }), fc.nat(), fc.boolean())
  .map(([tag, value, cut, truncate]) => {
    const full = encodeTlv(0x53, encodeTlv(tag, value));
    return truncate ? full.subarray(0, cut % (full.length + 1)) : full;
  });
const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 600 }), tlvish);

describe('parsers under random and truncated input', () => {
  const parsers: [string, (b: Uint8Array) => unknown][] = [
    ['readTlvList', readTlvList],
    ['unwrapDataObject', unwrapDataObject],
    ['parseCertificateObject', parseCertificateObject],
    ['parseChuid', parseChuid],
    ['parseSignResponse', parseSignResponse],
    ['parseFeatureList', parseFeatureList],
    ['decodeResponse', decodeResponse],
  ];
  for (const [name, parse] of parsers) {
    it(`${name} parses or raises a typed error`, () => {
      fc.assert(fc.property(anyBytes, neverCrashes(parse)), { numRuns: 400 });
    });
  }

  it('the PIV client turns any card answer into a value or a typed CardError, never a hang', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 1, maxLength: 6 }), async (answers) => {
        let i = 0;
        const transport: CardTransport = {
          transmit: async () => {
            const a = answers[i++ % answers.length]!;
            return decodeResponse(a);
          },
          control: async () => new Uint8Array(0),
          reconnect: async () => {},
          close: async () => {},
        };
        const client = new PivClient(transport, { reader: 'fuzz' });
        for (const call of [
          () => client.select(),
          () => client.pinStatus(),
          () => client.readChuid(),
          () => client.readAuthenticationCertificate(),
          () => client.signSha256Digest(new Uint8Array(32), 'p256'),
          () => client.verifyPin(new Uint8Array(Buffer.from('123456'))),
        ]) {
          try {
            await call();
          } catch (error) {
            expect(typed(error), String(error)).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
