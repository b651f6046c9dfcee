// Retention: finished rows are deleted once they are old enough to be of no more use, on a timer,
// so the database holds no more personal data than the gateway needs. What goes and when is the
// `retention` config. Audit rows are never deleted (the store refuses it anyway). The same job
// forgets device nonces past the skew window and gives up on mail that expired unsent.
//
// Every step is an idempotent DELETE/UPDATE by time, so several gateway instances on one
// PostgreSQL database can all run it.

import type { Logger } from 'pino';
import type { GatewayConfig } from '../config';
import type { Storage } from '../storage/storage';

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;

export type RetentionSettings = GatewayConfig['retention'];

/** Rows removed (or, for `expiredMail`, given up on) by one run. */
export interface PurgeCounts {
  readonly deviceNonces: number;
  readonly challenges: number;
  readonly sessions: number;
  readonly recoveryTokens: number;
  readonly loginFailures: number;
  readonly expiredMail: number;
  readonly outbox: number;
}

/** One pass over every table with a retention period, as of `now` (Unix ms). */
export async function purgeOnce(storage: Storage, settings: RetentionSettings, now: number): Promise<PurgeCounts> {
  return {
    deviceNonces: await storage.deviceNonces.purgeExpired(now),
    challenges: await storage.challenges.purgeExpired(now - settings.challengeHours * HOUR_MS),
    sessions: await storage.sessions.purgeEnded(now - settings.sessionDays * DAY_MS),
    recoveryTokens: await storage.recoveryTokens.purgeEnded(now - settings.recoveryTokenDays * DAY_MS),
    loginFailures: await storage.loginFailures.purgeBefore(now - settings.loginFailureHours * HOUR_MS),
    expiredMail: await storage.outbox.discardExpired(now),
    outbox: await storage.outbox.purge(now - settings.sentMailDays * DAY_MS, now - settings.failedMailDays * DAY_MS),
  };
}

export interface RetentionTimerOptions {
  readonly storage: Storage;
  readonly settings: RetentionSettings;
  /** The gateway's clock (injectable, so tests can age rows). */
  readonly now: () => number;
  readonly logger: Logger;
}

/** Runs `purgeOnce` every `purgeIntervalSeconds`; `stop()` waits for a run in progress. */
export class RetentionTimer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;

  constructor(private readonly options: RetentionTimerOptions) {}

  start(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => {
      void this.runOnce();
    }, this.options.settings.purgeIntervalSeconds * 1000);
    this.timer.unref();
  }

  /** One run now (skipped while one is still going); failures are logged, never thrown. */
  runOnce(): Promise<void> {
    if (this.running !== null) return this.running;
    this.running = purgeOnce(this.options.storage, this.options.settings, this.options.now())
      .then(
        (counts) => {
          const removed = (Object.values(counts) as number[]).reduce((sum, n) => sum + n, 0);
          if (removed > 0) this.options.logger.info({ purged: counts }, 'retention: old rows removed');
        },
        (error: unknown) => {
          this.options.logger.warn({ err: error }, 'retention purge failed; trying again at the next run');
        },
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
