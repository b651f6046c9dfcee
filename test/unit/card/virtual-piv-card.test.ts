// The virtual card answers like a PIV card: the behaviours real middleware relies on.

import { describe, expect, it } from 'vitest';
import { VirtualPivCard } from '../../support/card/piv-card';
import { parseCommand } from '../../support/card/command-parser';
import { createTestCa, issueCardCertificate } from '../../support/pki/test-pki';
import { hex, toHex } from '../../support/card/scripted-transport';

const SELECT = '00A4040009A0000003080000100000';

async function newCard(): Promise<VirtualPivCard> {
  const ca = await createTestCa({ commonName: 'Card unit CA' });
  const cert = await issueCardCertificate(ca, { staffUuid: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', commonName: 'V', algorithm: 'p256' });
  const card = new VirtualPivCard({ certificateDer: cert.certificateDer, privateKey: cert.privateKey, algorithm: 'p256', pin: '123456' });
  card.powerOn();
  return card;
}
const send = (card: VirtualPivCard, apdu: string): string => toHex(card.process(hex(apdu)));
const sw = (r: string): string => r.slice(-4);

describe('virtual PIV card', () => {
  it('parses APDU cases 1-4, short and extended', () => {
    expect(parseCommand(hex('00200080'))).toMatchObject({ le: null, data: new Uint8Array(0) });
    expect(parseCommand(hex('0020008000'))).toMatchObject({ le: 256 });
    expect(parseCommand(hex('00CB3FFF055C035FC10200'))).toMatchObject({ le: 256, extended: false });
    expect(parseCommand(hex('00CB3FFF0000055C035FC1020000'))).toMatchObject({ le: 65536, extended: true });
    expect(parseCommand(hex('00CB3FFF05'))?.le).toBe(5);
    expect(parseCommand(hex('00CB3FFF055C03'))).toBeNull();
  });

  it('answers nothing PIV before SELECT, and 6A82 to another AID', async () => {
    const card = await newCard();
    expect(sw(send(card, '00CB3FFF035C017E00'))).toBe('6D00');
    expect(sw(send(card, '00A4040007A000000004101000'))).toBe('6A82');
    expect(sw(send(card, SELECT))).toBe('9000');
  });

  it('returns the Discovery object and 6A82 for an absent object', async () => {
    const card = await newCard();
    send(card, SELECT);
    expect(send(card, '00CB3FFF035C017E00')).toBe('7E124F0BA0000003080000100001005F2F0240009000');
    expect(sw(send(card, '00CB3FFF055C035FC10900'))).toBe('6A82');
  });

  it('answers Le = 08 with 8 bytes and 61xx, then a fresh full read (what OpenSC does)', async () => {
    const card = await newCard();
    send(card, SELECT);
    const head = send(card, '00CB3FFF055C035FC10508');
    expect(head.length).toBe(20);
    expect(head.slice(0, 4)).toBe('5382');
    expect(head.slice(-4, -2)).toBe('61');
    const first = send(card, '00CB3FFF055C035FC10500');
    expect(first.slice(0, 16)).toBe(head.slice(0, 16));
    expect(sw(first)).toMatch(/^61/);
  });

  it('answers GET RESPONSE with a too-large Le by 6Cxx, and without pending data by 6985', async () => {
    const card = await newCard();
    send(card, SELECT);
    const r = send(card, '00CB3FFF055C035FC10200');
    expect(sw(r)).toBe('9000');
    expect(sw(send(card, '00C0000010'))).toBe('6985');
    const h = send(card, '00CB3FFF055C035FC10208');
    const left = parseInt(sw(h).slice(2), 16);
    expect(sw(send(card, '00C00000FF'))).toBe(`6C${left.toString(16).toUpperCase().padStart(2, '0')}`);
  });

  it('counts PIN tries, blocks after 3, answers empty VERIFY in both forms, and P1=FF resets the status', async () => {
    const card = await newCard();
    send(card, SELECT);
    expect(send(card, '00200080')).toBe('63C3');
    expect(send(card, '0020008000')).toBe('63C3');
    expect(send(card, '0020008008313233343536FFFF')).toBe('9000');
    expect(send(card, '00200080')).toBe('9000');
    expect(send(card, '00 20 FF 80'.replace(/ /g, ''))).toBe('9000');
    expect(send(card, '00200080')).toBe('63C3');
    expect(send(card, '00200080083132FFFFFFFFFF31')).toBe('6A80'); // not a PIN block: no try used
    expect(send(card, '0020008008393939393939FFFF')).toBe('63C2');
    expect(send(card, '0020008008393939393939FFFF')).toBe('63C1');
    expect(send(card, '0020008008393939393939FFFF')).toBe('63C0');
    expect(send(card, '0020008008313233343536FFFF')).toBe('6983');
    expect(send(card, '00200080')).toBe('6983');
  });

  it('loses the PIN status and selection on reset, but keeps the retry counter', async () => {
    const card = await newCard();
    send(card, SELECT);
    send(card, '0020008008393939393939FFFF');
    send(card, '0020008008313233343536FFFF');
    expect(card.pinVerified).toBe(true);
    card.reset();
    expect(card.pinVerified).toBe(false);
    expect(sw(send(card, '00200080'))).toBe('6D00');
    send(card, SELECT);
    send(card, '0020008008393939393939FFFF');
    card.reset();
    send(card, SELECT);
    expect(send(card, '00200080')).toBe('63C2');
  });

  it('signs only after the PIN, with the right algorithm and key reference', async () => {
    const card = await newCard();
    send(card, SELECT);
    const ga = (p1: string, p2: string): string => `0087${p1}${p2}26` + '7C248200' + '8120' + '22'.repeat(32) + '00';
    expect(sw(send(card, ga('11', '9A')))).toBe('6982');
    send(card, '0020008008313233343536FFFF');
    expect(sw(send(card, ga('07', '9A')))).toBe('6A86');
    expect(sw(send(card, ga('11', '9C')))).toBe('6A88');
    const r = send(card, ga('11', '9A'));
    expect(sw(r)).toBe('9000');
    expect(r.slice(0, 2)).toBe('7C');
    expect(card.log.some((e) => toHex(e.command).includes('313233343536'))).toBe(false);
  });
});
