// The PIV client over a scripted transport (exact APDUs, odd card answers) and over the virtual
// card in-process (whole flows), without a daemon.

import { createHash, verify, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CardRemovedError,
  NotPivCardError,
  PcscError,
  PinBlockedError,
  PinIncorrectError,
  SecurityStatusNotSatisfiedError,
} from '../../../src-main/core/card/card-service';
import { SCARD } from '../../../src-main/core/card/pcsc/pcsc-codes';
import { DataObjectNotFoundError, PivClient } from '../../../src-main/core/card/piv/piv-client';
import { VirtualPivCard } from '../../support/card/piv-card';
import { DirectCardTransport, ScriptedTransport } from '../../support/card/scripted-transport';
import { createTestCa, issueCardCertificate, type TestCardCertificate } from '../../support/pki/test-pki';

const SELECT = '00A4040009A0000003080000100000';
const client = (t: ScriptedTransport): PivClient => new PivClient(t, { reader: 'Test Reader 00 00' });

describe('PIV client over a scripted transport', () => {
  it('selects, and calls anything but 9000 not a PIV card', async () => {
    await client(new ScriptedTransport([{ expect: SELECT, reply: '61034F01009000' }])).select();
    await expect(client(new ScriptedTransport([{ expect: SELECT, reply: '6A82' }])).select()).rejects.toBeInstanceOf(NotPivCardError);
  });

  it('maps VERIFY answers to tries left, blocked and verified', async () => {
    const t = new ScriptedTransport([
      { expect: '00200080', reply: '63C3' },
      { expect: '0020008008313233343536FFFF', reply: '63C2' },
      { expect: '0020008008313233343536FFFF', reply: '63C0' },
      { expect: '0020008008313233343536FFFF', reply: '6983' },
      { expect: '00200080', reply: '6983' },
      { expect: '00200080', reply: '9000' },
    ]);
    const c = client(t);
    expect(await c.pinStatus()).toEqual({ state: 'not-verified', triesLeft: 3 });
    const pin = new Uint8Array(Buffer.from('123456'));
    const e1 = await c.verifyPin(pin).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(PinIncorrectError);
    expect((e1 as PinIncorrectError).triesLeft).toBe(2);
    expect(pin.every((b) => b === 0)).toBe(true);
    await expect(c.verifyPin(new Uint8Array(Buffer.from('123456')))).rejects.toBeInstanceOf(PinBlockedError);
    await expect(c.verifyPin(new Uint8Array(Buffer.from('123456')))).rejects.toBeInstanceOf(PinBlockedError);
    expect(await c.pinStatus()).toEqual({ state: 'blocked' });
    expect(await c.pinStatus()).toEqual({ state: 'verified' });
    expect(t.remaining).toBe(0);
  });

  it('follows 61xx with GET RESPONSE and answers 6Cxx by resending with Le = xx', async () => {
    const cert = '3003020101';
    const object = `530A 7005${cert} 7101 00`.replace(/ /g, '');
    const t = new ScriptedTransport([
      { expect: '00CB3FFF055C035FC10500', reply: '6C' + (object.length / 2).toString(16).padStart(2, '0') },
      { expect: '00CB3FFF055C035FC105' + (object.length / 2).toString(16).padStart(2, '0'), reply: object.slice(0, 8) + '6104' },
      { expect: '00C0000004', reply: object.slice(8) + '9000' },
    ]);
    expect(Buffer.from(await client(t).readAuthenticationCertificate()).toString('hex').toUpperCase()).toBe(cert);
  });

  it('raises typed errors for absent objects and for signing without the PIN', async () => {
    const t = new ScriptedTransport([
      { expect: '00CB3FFF055C035FC10200', reply: '6A82' },
      { expect: '0087119A26' + '7C248200' + '8120' + '11'.repeat(32) + '00', reply: '6982' },
    ]);
    const c = client(t);
    await expect(c.readChuid()).rejects.toBeInstanceOf(DataObjectNotFoundError);
    await expect(c.signSha256Digest(new Uint8Array(32).fill(0x11), 'p256')).rejects.toBeInstanceOf(SecurityStatusNotSatisfiedError);
  });

  it('re-selects after SCARD_W_RESET_CARD and retries the command once', async () => {
    const t = new ScriptedTransport([
      { expect: '00CB3FFF055C035FC10200', throws: new PcscError('transmit', SCARD.W_RESET_CARD) },
      { expect: SELECT, reply: '9000' },
      { expect: '00CB3FFF055C035FC10200', reply: '53123410' + '00'.repeat(16) + '9000' },
    ]);
    expect((await client(t).readChuid()).guid.length).toBe(16);
    expect(t.reconnects).toBe(1);
  });

  it('never resends a PIN after a reset: it re-selects and asks the user to try again', async () => {
    const t = new ScriptedTransport([
      { expect: '0020008008313233343536FFFF', throws: new PcscError('transmit', SCARD.W_RESET_CARD) },
      { expect: SELECT, reply: '9000' },
    ]);
    await expect(client(t).verifyPin(new Uint8Array(Buffer.from('123456')))).rejects.toMatchObject({ code: 'CARD_ERROR' });
    expect(t.sent.filter((a) => a.startsWith('002000')).length).toBe(1);
  });

  it('passes CardRemovedError through and refuses calls after the card left', async () => {
    const t = new ScriptedTransport([{ expect: '00200080', throws: new CardRemovedError('transmit') }]);
    const c = client(t);
    await expect(c.pinStatus()).rejects.toBeInstanceOf(CardRemovedError);
    await c.cardRemoved();
    await expect(c.readChuid()).rejects.toBeInstanceOf(CardRemovedError);
    expect(t.closed).toBe(true);
  });

  it('verifies on the PIN pad through FEATURE_VERIFY_PIN_DIRECT when the reader has one', async () => {
    const t = new ScriptedTransport([{ control: 0x42330006, reply: '63C1' }]);
    const c = new PivClient(t, { reader: 'Pad Reader', pinPad: { verifyPinDirect: 0x42330006 } });
    expect(c.pinPad).toBe(true);
    const e = await c.verifyPinOnPad().catch((x: unknown) => x);
    expect((e as PinIncorrectError).triesLeft).toBe(1);
    expect(t.sent[0]).toBe('CONTROL 42330006 1E1E820800080402010904000000000D000000' + '0020008008' + 'FF'.repeat(8));
  });
});

describe('PIV client against the virtual card in-process', () => {
  let rsa: TestCardCertificate;
  let p256: TestCardCertificate;
  beforeAll(async () => {
    const ca = await createTestCa({ commonName: 'Unit CA' });
    rsa = await issueCardCertificate(ca, { staffUuid: '11111111-2222-4333-8444-555555555555', commonName: 'R', algorithm: 'rsa2048' });
    p256 = await issueCardCertificate(ca, { staffUuid: '11111111-2222-4333-8444-666666666666', commonName: 'E', algorithm: 'p256' });
  });

  for (const which of ['rsa2048', 'p256'] as const) {
    it(`runs a whole ${which} login and the signature verifies`, async () => {
      const cert = which === 'rsa2048' ? rsa : p256;
      const card = new VirtualPivCard({ certificateDer: cert.certificateDer, privateKey: cert.privateKey, algorithm: which, pin: '24681357' });
      const c = new PivClient(new DirectCardTransport(card), { reader: 'direct' });
      await c.select();
      await c.verifyPin(new Uint8Array(Buffer.from('24681357')));
      const der = await c.readAuthenticationCertificate();
      const message = Buffer.from('challenge');
      const sig = await c.signSha256Digest(new Uint8Array(createHash('sha256').update(message).digest()), which);
      expect(verify('sha256', message, new X509Certificate(der).publicKey, sig)).toBe(true);
    });
  }
});

describe('closing a session so the next person cannot use the PIN', () => {
  it('resets the PIN security status with VERIFY P1=FF (00 20 FF 80) and leaves the card powered', async () => {
    const t = new ScriptedTransport([{ expect: '0020FF80', reply: '9000' }]);
    expect(await client(t).closeForgettingPin()).toBe('pin-reset');
    expect(t.disposition).toBe('leave');
    expect(t.remaining).toBe(0);
  });

  it('resets the card on release when it refuses P1=FF (an SP 800-73-3 card: 6A86)', async () => {
    const t = new ScriptedTransport([{ expect: '0020FF80', reply: '6A86' }]);
    expect(await client(t).closeForgettingPin()).toBe('card-reset');
    expect(t.disposition).toBe('reset');
  });

  it('resets the card on release when the reset command itself fails', async () => {
    const t = new ScriptedTransport([{ expect: '0020FF80', throws: new PcscError('transmit', SCARD.E_NOT_TRANSACTED) }]);
    expect(await client(t).closeForgettingPin()).toBe('card-reset');
    expect(t.disposition).toBe('reset');
  });

  it('says the card is gone when it left, and later calls fail as removed', async () => {
    const t = new ScriptedTransport([{ expect: '0020FF80', throws: new CardRemovedError('transmit') }]);
    const c = client(t);
    expect(await c.closeForgettingPin()).toBe('card-gone');
    expect(t.closed).toBe(true);
    await expect(c.readChuid()).rejects.toBeInstanceOf(CardRemovedError);
    expect(await c.closeForgettingPin()).toBe('card-gone');
  });

  it('refuses once plainly closed: that handle can no longer reach the card', async () => {
    const c = client(new ScriptedTransport([]));
    await c.close();
    await expect(c.closeForgettingPin()).rejects.toMatchObject({ code: 'CARD_ERROR' });
  });

  for (const sp80073v3 of [false, true]) {
    it(`leaves a verified virtual card unverified for the next session (${sp80073v3 ? '800-73-3: card reset' : '800-73-4: P1=FF'})`, async () => {
      const card = new VirtualPivCard({ pin: '123456', sp80073v3 });
      // One transport for both sessions: a new one would power the card up afresh.
      const transport = new DirectCardTransport(card);
      const first = new PivClient(transport, { reader: 'r' });
      await first.select();
      await first.verifyPin(new Uint8Array(Buffer.from('123456')));
      expect(await first.pinStatus()).toEqual({ state: 'verified' });
      expect(await first.closeForgettingPin()).toBe(sp80073v3 ? 'card-reset' : 'pin-reset');
      const next = new PivClient(transport, { reader: 'r' });
      await next.select();
      expect(await next.pinStatus()).toEqual({ state: 'not-verified', triesLeft: 3 });
      // Without forgetting, the PIN would still count (so the check above can fail).
      await next.verifyPin(new Uint8Array(Buffer.from('123456')));
      await next.close();
      const third = new PivClient(transport, { reader: 'r' });
      await third.select();
      expect(await third.pinStatus()).toEqual({ state: 'verified' });
    });
  }
});
