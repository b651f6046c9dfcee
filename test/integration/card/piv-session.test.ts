// PIV sessions through the real pcscd + vpcd with our virtual card: certificates, CHUID, PIN
// tries and blocking, RSA-2048 and P-256 signatures checked by Node's crypto, card pulled
// during a signature, a card reset by other middleware, a sharing violation, a wedged card and
// the PIN-pad detection path. Needs scripts/sandbox.sh (the harness refuses to run without it).

import { createHash, verify, X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  CardRemovedError,
  type CardService,
  PcscError,
  PinBlockedError,
  PinIncorrectError,
  SecurityStatusNotSatisfiedError,
} from '../../../src-main/core/card/card-service';
import { createCardService } from '../../../src-main/core/card/create-card-service';
import { SCARD } from '../../../src-main/core/card/pcsc/pcsc-codes';
import { CardEventRecorder, isEvent } from '../../support/card/card-events';
import { createDemoCards, type DemoCard } from '../../support/card/demo-cards';
import { type HarnessCard, type PcscHarness, startPcscHarness } from '../../support/card/pcsc-harness';
import { openRawConnection } from '../../support/card/raw-pcsc';
import { interceptApdus } from '../../support/card/vpcd-client';
import { subjectSerialNumber } from '../../support/pki/test-pki';

let harness: PcscHarness;
let rsa: DemoCard;
let p256: DemoCard;
let service: CardService;
let events: CardEventRecorder;
let reader: string;

const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'ascii'));
const digestOf = (message: string): Uint8Array => new Uint8Array(createHash('sha256').update(message).digest());

beforeAll(async () => {
  harness = await startPcscHarness({ readers: 2 });
  const demo = await createDemoCards();
  rsa = demo.cards.find((c) => c.staff.card?.algorithm === 'rsa2048')!;
  p256 = demo.cards.find((c) => c.staff.card?.algorithm === 'p256')!;
  reader = harness.readerNames[0]!;
  service = createCardService({ callTimeoutMs: 1500 });
  events = new CardEventRecorder(service);
  service.start();
  await events.waitFor(isEvent('reader-added', reader));
});

afterAll(async () => {
  await service.stop();
  await harness.stop();
});

afterEach(async () => {
  if (harness.card(0)) {
    const from = events.length;
    await harness.remove(0);
    await events.waitFor(isEvent('card-removed', reader), 3000, from);
  }
});

async function insert(card: HarnessCard): Promise<void> {
  const from = events.length;
  await harness.insert(0, card);
  await events.waitFor(isEvent('card-inserted', reader), 3000, from);
}

describe('reading the card', () => {
  it('reads the PIV Authentication certificate and the CHUID', async () => {
    await insert(rsa.makeCard());
    const session = await service.openPiv(reader);
    const der = await session.readAuthenticationCertificate();
    expect(Buffer.from(der).equals(Buffer.from(rsa.certificate.certificateDer))).toBe(true);
    expect(subjectSerialNumber(der)).toBe(rsa.staff.uuid);
    const chuid = await session.readChuid();
    expect(Buffer.from(chuid.guid).toString('hex')).toBe(rsa.staff.uuid.replace(/-/g, ''));
    expect(chuid.fascn?.length).toBe(25);
    expect(chuid.expiry).toBe('20301231');
    await session.close();
  });

  it('reads a gzip-compressed certificate (CertInfo bit 0)', async () => {
    await insert(p256.makeCard({ compressCertificate: true }));
    const session = await service.openPiv(reader);
    const der = await session.readAuthenticationCertificate();
    expect(Buffer.from(der).equals(Buffer.from(p256.certificate.certificateDer))).toBe(true);
    await session.close();
  });

  it('says a card without the PIV application is not a PIV card', async () => {
    const notPiv = {
      atr: Uint8Array.of(0x3b, 0x00),
      powerOn() {},
      powerOff() {},
      reset() {},
      process: () => Uint8Array.of(0x6a, 0x82),
    };
    const from = events.length;
    await harness.insert(0, notPiv);
    await events.waitFor(isEvent('card-inserted', reader), 3000, from);
    await expect(service.openPiv(reader)).rejects.toMatchObject({ code: 'CARD_NOT_PIV' });
  });
});

describe('PIN', () => {
  it('accepts the right PIN and reports it verified', async () => {
    await insert(rsa.makeCard());
    const session = await service.openPiv(reader);
    expect(await session.pinStatus()).toEqual({ state: 'not-verified', triesLeft: 3 });
    const pin = ascii(rsa.staff.card!.pin);
    await session.verifyPin(pin);
    expect(pin.every((b) => b === 0)).toBe(true); // the caller's buffer is zeroed
    expect(await session.pinStatus()).toEqual({ state: 'verified' });
    await session.close();
  });

  it('counts wrong PINs down 2, 1, then blocks; the right PIN then fails as blocked', async () => {
    const card = rsa.makeCard();
    await insert(card);
    const session = await service.openPiv(reader);
    const wrong = async (): Promise<unknown> => session.verifyPin(ascii('000000')).catch((e: unknown) => e);
    const first = await wrong();
    expect(first).toBeInstanceOf(PinIncorrectError);
    expect((first as PinIncorrectError).triesLeft).toBe(2);
    const second = await wrong();
    expect((second as PinIncorrectError).triesLeft).toBe(1);
    expect(await wrong()).toBeInstanceOf(PinBlockedError);
    await expect(session.verifyPin(ascii(rsa.staff.card!.pin))).rejects.toBeInstanceOf(PinBlockedError);
    expect(await session.pinStatus()).toEqual({ state: 'blocked' });
    expect(card.triesLeft).toBe(0);
    await session.close();
  });

  it('keeps the verified state for a second session on the same card until the card is reset', async () => {
    await insert(rsa.makeCard());
    const first = await service.openPiv(reader);
    await first.verifyPin(ascii(rsa.staff.card!.pin));
    await first.close(); // SCARD_LEAVE_CARD: no reset
    const second = await service.openPiv(reader);
    expect(await second.pinStatus()).toEqual({ state: 'verified' });
    await second.close();
  });

  for (const sp80073v3 of [false, true]) {
    it(`closing with closeForgettingPin leaves the card in the reader unverified for the next session (${sp80073v3 ? 'SP 800-73-3 card: reset on release' : '800-73-4: VERIFY P1=FF'})`, async () => {
      const card = rsa.makeCard({ sp80073v3 });
      await insert(card);
      const first = await service.openPiv(reader);
      await first.verifyPin(ascii(rsa.staff.card!.pin));
      const resetsBefore = card.resets;
      expect(await first.closeForgettingPin()).toBe(sp80073v3 ? 'card-reset' : 'pin-reset');
      expect(card.resets - resetsBefore).toBe(sp80073v3 ? 1 : 0);
      const second = await service.openPiv(reader);
      expect(await second.pinStatus()).toEqual({ state: 'not-verified', triesLeft: 3 });
      await expect(second.signSha256Digest(digestOf('no PIN'), 'rsa2048')).rejects.toBeInstanceOf(SecurityStatusNotSatisfiedError);
      await second.close();
    });
  }

  it('rejects a malformed PIN before it reaches the card', async () => {
    const card = rsa.makeCard();
    await insert(card);
    const session = await service.openPiv(reader);
    await expect(session.verifyPin(ascii('12a4'))).rejects.toMatchObject({ code: 'PIN_FORMAT' });
    expect(card.triesLeft).toBe(3);
    await session.close();
  });

  it('detects no PIN pad on vpcd: SCardControl(GET_FEATURE_REQUEST) really goes to the reader and fails', async () => {
    await insert(rsa.makeCard());
    const session = await service.openPiv(reader);
    expect(session.pinPad).toBe(false);
    await expect(session.verifyPinOnPad()).rejects.toMatchObject({ code: 'READER_ERROR' });
    await session.close();
  });
});

describe('signing a challenge with slot 9A', () => {
  for (const which of ['rsa2048', 'p256'] as const) {
    it(`signs with ${which} and Node's crypto verifies it against the certificate`, async () => {
      const demo = which === 'rsa2048' ? rsa : p256;
      await insert(demo.makeCard());
      const session = await service.openPiv(reader);
      const cert = new X509Certificate(await session.readAuthenticationCertificate());
      await expect(session.signSha256Digest(digestOf('x'), which)).rejects.toBeInstanceOf(SecurityStatusNotSatisfiedError);
      await session.verifyPin(ascii(demo.staff.card!.pin));
      const message = 'ESR-KIOSK-CARD-LOGIN-V1\nchallenge\nnonce\ndevice';
      const signature = await session.signSha256Digest(digestOf(message), which);
      expect(verify('sha256', Buffer.from(message), cert.publicKey, signature)).toBe(true);
      expect(verify('sha256', Buffer.from(`${message}!`), cert.publicKey, signature)).toBe(false);
      await session.close();
    });
  }

  it('gives CardRemovedError, not a hang, when the card is pulled during the signature', async () => {
    const card = rsa.makeCard();
    let pulled = false;
    // The card is yanked the moment the first GENERAL AUTHENTICATE block arrives.
    const yanking = interceptApdus(card, (apdu) => {
      if (apdu[1] !== 0x87 || pulled) return undefined;
      pulled = true;
      void harness.remove(0);
      return null;
    });
    await insert(yanking);
    const session = await service.openPiv(reader);
    await session.verifyPin(ascii(rsa.staff.card!.pin));
    const started = performance.now();
    const error = await session.signSha256Digest(digestOf('m'), 'rsa2048').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CardRemovedError);
    expect(performance.now() - started).toBeLessThan(1500);
    await events.waitFor(isEvent('card-removed', reader), 3000);
    await expect(session.readChuid()).rejects.toBeInstanceOf(CardRemovedError);
  });
});

describe('other middleware and stuck readers', () => {
  it('reconnects and re-selects after another program resets the card; the PIN must be given again', async () => {
    await insert(rsa.makeCard());
    const session = await service.openPiv(reader);
    await session.verifyPin(ascii(rsa.staff.card!.pin));
    const other = await openRawConnection(reader, 'shared');
    await other.disconnect('reset');
    other.close();
    // The next command meets SCARD_W_RESET_CARD: the client reconnects, selects, and carries on.
    expect((await session.readChuid()).guid.length).toBe(16);
    expect(await session.pinStatus()).toEqual({ state: 'not-verified', triesLeft: 3 });
    await expect(session.signSha256Digest(digestOf('m'), 'rsa2048')).rejects.toBeInstanceOf(SecurityStatusNotSatisfiedError);
    await session.close();
  });

  it('retries a sharing violation with backoff until the other program lets go', async () => {
    await insert(rsa.makeCard());
    const other = await openRawConnection(reader, 'exclusive');
    const release = setTimeout(() => void other.disconnect('leave').then(() => other.close()), 300);
    const started = performance.now();
    const session = await service.openPiv(reader);
    expect(performance.now() - started).toBeGreaterThan(250);
    expect((await session.readChuid()).guid.length).toBe(16);
    clearTimeout(release);
    await session.close();
  });

  it('gives up on a sharing violation that lasts with a typed PC/SC error', async () => {
    await insert(rsa.makeCard());
    const other = await openRawConnection(reader, 'exclusive');
    try {
      const error = await service.openPiv(reader).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PcscError);
      expect((error as PcscError).pcscCode).toBe(SCARD.E_SHARING_VIOLATION);
    } finally {
      await other.disconnect('leave');
      other.close();
    }
  });

  it('a card that never answers trips the watchdog instead of freezing the caller', async () => {
    const card = rsa.makeCard();
    const wedged = interceptApdus(card, (apdu) => (apdu[1] === 0xcb ? null : undefined));
    await insert(wedged);
    const session = await service.openPiv(reader);
    const started = performance.now();
    const error = await session.readChuid().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PcscError);
    expect((error as PcscError).pcscCode).toBe(SCARD.E_TIMEOUT);
    expect(performance.now() - started).toBeLessThan(3000);
    // Pull the wedged card; the service (with a fresh context) still works afterwards.
    const from = events.length;
    await harness.remove(0);
    await events.waitFor(isEvent('card-removed', reader), 5000, from).catch(() => undefined);
    await insert(rsa.makeCard());
    const again = await service.openPiv(reader);
    expect((await again.readChuid()).guid.length).toBe(16);
    await again.close();
  });
});
