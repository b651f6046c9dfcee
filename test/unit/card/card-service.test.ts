// The supervisor's decisions over a hand-driven PC/SC backend (the real pcscd runs in
// test/integration/card): backoff while the service is away, events after it returns, the reader
// filter, sharing-violation retries.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CardServiceEvent, PcscError } from '../../../src-main/core/card/card-service';
import { createCardService, readerFilterPredicate } from '../../../src-main/core/card/create-card-service';
import type { PcscBackend, PcscContextEvents } from '../../../src-main/core/card/pcsc/pcsc-backend';
import { SCARD } from '../../../src-main/core/card/pcsc/pcsc-codes';
import { ScriptedTransport } from '../../support/card/scripted-transport';

class FakeBackend implements PcscBackend {
  up = false;
  attempts = 0;
  events: PcscContextEvents | null = null;
  connects = 0;
  connect: () => Promise<ScriptedTransport> = () => Promise.reject(new Error('no card'));
  establish(events: PcscContextEvents) {
    this.attempts++;
    if (!this.up) throw new PcscError('establish', SCARD.E_NO_SERVICE);
    this.events = events;
    return {
      connect: () => {
        this.connects++;
        return this.connect();
      },
      close: () => {
        this.events = null;
      },
    };
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe('card service supervisor', () => {
  it('reports the service unavailable, retries with backoff, and reports it restored with its readers', async () => {
    vi.useFakeTimers();
    const backend = new FakeBackend();
    const service = createCardService({ backend, reconnectInitialMs: 100, reconnectMaxMs: 400 });
    const seen: CardServiceEvent[] = [];
    service.subscribe((e) => seen.push(e));
    service.start();
    expect(seen).toEqual([{ type: 'service-unavailable' }]);
    await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 400);
    expect(backend.attempts).toBe(5); // 0, 100, 300, 700, 1100 ms
    backend.up = true;
    await vi.advanceTimersByTimeAsync(400);
    expect(seen.at(-1)).toEqual({ type: 'service-restored' });
    backend.events!.readerAdded('R 00 00');
    backend.events!.readerState('R 00 00', { present: true, atr: Uint8Array.of(0x3b, 0x00) });
    expect(seen.slice(-2).map((e) => e.type)).toEqual(['reader-added', 'card-inserted']);
    backend.events!.failed(SCARD.E_NO_SERVICE);
    expect(seen.slice(-3).map((e) => e.type)).toEqual(['card-removed', 'reader-removed', 'service-unavailable']);
    await service.stop();
  });

  it('reports a card swap as removed then inserted, and ignores repeats', async () => {
    const backend = new FakeBackend();
    backend.up = true;
    const service = createCardService({ backend });
    const seen: string[] = [];
    service.subscribe((e) => seen.push(e.type));
    service.start();
    const ev = backend.events!;
    ev.readerAdded('R');
    ev.readerState('R', { present: true, atr: Uint8Array.of(1) });
    ev.readerState('R', { present: true, atr: Uint8Array.of(1) });
    ev.readerState('R', { present: true, atr: Uint8Array.of(2) });
    ev.readerState('R', { present: false, atr: null });
    expect(seen).toEqual(['reader-added', 'card-inserted', 'card-removed', 'card-inserted', 'card-removed']);
    await service.stop();
  });

  it('applies the reader-name filter (substring, RegExp, predicate, empty)', () => {
    expect(readerFilterPredicate('gemalto')('Gemalto PC Twin 00 00')).toBe(true);
    expect(readerFilterPredicate('gemalto')('Yubico YubiKey')).toBe(false);
    expect(readerFilterPredicate(/00 01$/g)('X 00 01')).toBe(true);
    expect(readerFilterPredicate(/00 01$/g)('X 00 01')).toBe(true); // lastIndex reset
    expect(readerFilterPredicate((n) => n.startsWith('A'))('B')).toBe(false);
    expect(readerFilterPredicate('')('anything')).toBe(true);
  });

  it('retries SCARD_E_SHARING_VIOLATION with backoff, then gives up with the code', async () => {
    const backend = new FakeBackend();
    backend.up = true;
    const service = createCardService({ backend, sharingRetries: 3, sharingInitialMs: 1 });
    service.start();
    backend.events!.readerAdded('R');
    backend.connect = () => Promise.reject(new PcscError('connect', SCARD.E_SHARING_VIOLATION));
    const error = await service.openPiv('R').catch((e: unknown) => e);
    expect((error as PcscError).pcscCode).toBe(SCARD.E_SHARING_VIOLATION);
    expect(backend.connects).toBe(3);
    let n = 0;
    backend.connect = () =>
      ++n < 2
        ? Promise.reject(new PcscError('connect', SCARD.E_SHARING_VIOLATION))
        : Promise.resolve(new ScriptedTransport([{ control: 0x42000d48, throws: new Error('no') }, { expect: '00A4040009A0000003080000100000', reply: '9000' }]));
    const session = await service.openPiv('R');
    expect(session.pinPad).toBe(false);
    await service.stop();
  });
});
