// Records a CardService's events with their arrival time, and waits for one that matches.

import type { CardService, CardServiceEvent } from '../../../src-main/core/card/card-service';

export interface TimedEvent {
  readonly at: number;
  readonly event: CardServiceEvent;
}

export class CardEventRecorder {
  readonly events: TimedEvent[] = [];
  readonly #waiters = new Set<() => void>();
  readonly #unsubscribe: () => void;

  constructor(service: CardService) {
    this.#unsubscribe = service.subscribe((event) => {
      this.events.push({ at: performance.now(), event });
      for (const w of [...this.#waiters]) w();
    });
  }

  /** Resolve with the first event after index `from` that matches (default: any time). */
  waitFor(match: (event: CardServiceEvent) => boolean, timeoutMs = 5000, from = 0): Promise<TimedEvent> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const hit = this.events.slice(from).find((e) => match(e.event));
        if (!hit) return false;
        this.#waiters.delete(waiter);
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      const waiter = (): void => void check();
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`no matching card event within ${timeoutMs} ms; saw ${this.events.map((e) => e.event.type).join(', ')}`));
      }, timeoutMs);
      this.#waiters.add(waiter);
      check();
    });
  }

  get length(): number {
    return this.events.length;
  }

  dispose(): void {
    this.#unsubscribe();
  }
}

export const isEvent =
  (type: CardServiceEvent['type'], reader?: string) =>
  (event: CardServiceEvent): boolean =>
    event.type === type && (reader === undefined || ('reader' in event && event.reader === reader));
