// The APDUs of one full card login (select -> PIN status -> verify -> read certificate -> sign),
// as the card received them through pcscd, for RSA-2048 and P-256: asserted command by command,
// and printed with counts and bytes (the note and the benchmark's APDU count use them).

import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCardService } from '../../../src-main/core/card/create-card-service';
import type { CardService } from '../../../src-main/core/card/card-service';
import { CardEventRecorder, isEvent } from '../../support/card/card-events';
import { createDemoCards, type DemoCard } from '../../support/card/demo-cards';
import { type PcscHarness, startPcscHarness } from '../../support/card/pcsc-harness';

let harness: PcscHarness;
let cards: DemoCard[];
let service: CardService;
let events: CardEventRecorder;

beforeAll(async () => {
  harness = await startPcscHarness({ readers: 1 });
  cards = (await createDemoCards()).cards;
  service = createCardService();
  events = new CardEventRecorder(service);
  service.start();
  await events.waitFor(isEvent('reader-added', harness.readerNames[0]));
  // A first session on the reader pays for the PIN-pad probe (one SCardControl, then cached
  // per reader); time the logins without it.
  const warm = cards[0]!.makeCard();
  await harness.insert(0, warm);
  await events.waitFor(isEvent('card-inserted', harness.readerNames[0]), 3000);
  const cold = performance.now();
  await (await service.openPiv(harness.readerNames[0]!)).close();
  console.log(`first openPiv on the reader (connect + SCardControl PIN-pad probe + SELECT): ${(performance.now() - cold).toFixed(1)} ms`);
  await harness.remove(0);
});
afterAll(async () => {
  await service.stop();
  await harness.stop();
});

const NAMES: Record<number, string> = { 0xa4: 'SELECT', 0x20: 'VERIFY', 0xcb: 'GET DATA', 0xc0: 'GET RESPONSE', 0x87: 'GENERAL AUTHENTICATE' };
const hexHead = (b: Uint8Array, n = 12): string =>
  Buffer.from(b.subarray(0, n)).toString('hex').toUpperCase().replace(/(..)/g, '$1 ').trim() + (b.length > n ? ' …' : '');

for (const algorithm of ['rsa2048', 'p256'] as const) {
  it(`one ${algorithm} login`, async () => {
    const demo = cards.find((c) => c.staff.card?.algorithm === algorithm)!;
    const reader = harness.readerNames[0]!;
    const from = events.length;
    await harness.insert(0, demo.makeCard());
    await events.waitFor(isEvent('card-inserted', reader), 3000, from);
    harness.clearApduLog();
    const started = performance.now();
    const session = await service.openPiv(reader);
    const opened = performance.now();
    await session.pinStatus();
    await session.verifyPin(new Uint8Array(Buffer.from(demo.staff.card!.pin)));
    await session.readAuthenticationCertificate();
    await session.signSha256Digest(new Uint8Array(createHash('sha256').update('challenge').digest()), algorithm);
    const elapsed = performance.now() - started;
    console.log(`openPiv (connect, PIN-pad probe, SELECT) ${(opened - started).toFixed(1)} ms; PIN status + verify + read certificate + sign ${(performance.now() - opened).toFixed(1)} ms`);
    await session.close();
    const log = harness.apduLog();
    const rows = log.map((e, i) => {
      const ins = e.command[1] ?? 0;
      const cla = e.command[0] ?? 0;
      const sw = Buffer.from(e.response.subarray(-2)).toString('hex').toUpperCase();
      return `${String(i + 1).padStart(2)}. ${(NAMES[ins] ?? 'INS ' + ins.toString(16)) + (cla & 0x10 ? ' (chained, CLA 10)' : '')}: ` +
        `${e.command.length} B out [${hexHead(e.command)}], ${e.response.length} B back, SW ${sw}`;
    });
    const out = log.reduce((n, e) => n + e.command.length, 0);
    const back = log.reduce((n, e) => n + e.response.length, 0);
    console.log(`${algorithm} login: ${log.length} APDUs, ${out} bytes sent, ${back} bytes received, ${elapsed.toFixed(1)} ms\n${rows.join('\n')}`);

    const sequence = log.map((e) => `${(e.command[0] ?? 0).toString(16)}:${NAMES[e.command[1] ?? 0] ?? '?'}`);
    // 53 82 LL LL { 70 82 LL LL cert, 71 01 00, FE 00 }: 13 bytes around the certificate.
    const certReads = Math.ceil((demo.certificate.certificateDer.length + 13) / 256);
    const expected = [
      '0:SELECT',
      '0:VERIFY', // PIN tries left (empty VERIFY)
      '0:VERIFY', // the PIN
      '0:GET DATA',
      ...Array<string>(certReads - 1).fill('0:GET RESPONSE'),
      ...(algorithm === 'rsa2048' ? ['10:GENERAL AUTHENTICATE', '0:GENERAL AUTHENTICATE', '0:GET RESPONSE'] : ['0:GENERAL AUTHENTICATE']),
    ];
    expect(sequence).toEqual(expected);
    // The PIN never appears in the log (the card redacts the VERIFY data it records).
    expect(log.some((e) => Buffer.from(e.command).includes(Buffer.from(demo.staff.card!.pin)))).toBe(false);
    await harness.remove(0);
  });
}
