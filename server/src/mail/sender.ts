// The outbox sender: a worker that leases due mails, hands each to SMTP (nodemailer) and marks
// it sent in a transaction. A failed attempt is retried with exponential backoff, so a mail
// server outage delays mail but loses none. One worker per gateway process; the lease keeps two
// processes from sending the same mail. A crash between the SMTP server's "250 OK" and the
// mark can still repeat one mail: it then carries the same Message-ID, so clients fold it.

import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { OutboxEntry, OutboxRepository } from './outbox';

export interface MailSenderLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface SmtpConfig {
  /** e.g. `smtp://127.0.0.1:2525` or `smtps://user:pass@mail.trust.nhs.uk:465`. */
  readonly url: string;
  /** The From address of every mail. */
  readonly from: string;
  /** PEM of a private CA the SMTP server's certificate chains to (optional). */
  readonly caPem?: string;
}

/** One mail on its way out; `messageId` is fixed per outbox row. */
export interface DeliverableMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
}

/** Hands a mail to the next hop; rejects when it was not accepted. */
export interface MailDelivery {
  send(mail: DeliverableMail): Promise<void>;
  close(): void;
}

export function smtpDelivery(config: SmtpConfig): MailDelivery {
  const transport = createSmtpTransport(config);
  return {
    async send(mail) {
      await transport.sendMail({ ...mail });
    },
    close() {
      transport.close();
    },
  };
}

export function createSmtpTransport(config: SmtpConfig): Transporter {
  const options: SMTPTransport.Options & { url: string } = {
    url: config.url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    ...(config.caPem === undefined ? {} : { tls: { ca: config.caPem } }),
  };
  return nodemailer.createTransport(options);
}

export interface OutboxSenderOptions {
  readonly store: OutboxRepository;
  readonly delivery: MailDelivery;
  readonly from: string;
  readonly logger?: MailSenderLogger;
  readonly now?: () => number;
  /** How often to look for due mail when nobody calls notify(). Default 2 s. */
  readonly pollMs?: number;
  /** Lease on a claimed mail. Default 2 min (longer than any SMTP timeout). */
  readonly leaseMs?: number;
  /** First retry delay; doubles per attempt up to maxBackoffMs. Default 2 s. */
  readonly baseBackoffMs?: number;
  /** Default 15 min. */
  readonly maxBackoffMs?: number;
  /** Give up after this many attempts. Default 40 (about eight hours of retries). */
  readonly maxAttempts?: number;
}

/** Delay before the next attempt after `attempts` failed ones, with ±20 % jitter. */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.min(attempts, 30));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const response = (error as { responseCode?: unknown }).responseCode;
    return [typeof code === 'string' ? code : '', typeof response === 'number' ? String(response) : '', error.message]
      .filter((s) => s !== '')
      .join(' ')
      .slice(0, 300);
  }
  return 'unknown error';
}

export class OutboxSender {
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(private readonly options: OutboxSenderOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.notify();
  }

  /** Wakes the worker now (called after a request queued mail). */
  notify(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.loop().finally(() => {
      this.running = undefined;
      this.schedule();
    });
  }

  /** Stops polling and waits for a send in flight to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    this.options.delivery.close();
  }

  /** One pass over due mail; resolves with how many were sent. Exposed for the CLI and tests. */
  async runOnce(): Promise<number> {
    const o = this.options;
    const due = await o.store.claimDue(this.now(), o.leaseMs ?? 120_000, 20);
    let sent = 0;
    for (const entry of due) {
      if (await this.deliver(entry)) sent++;
    }
    return sent;
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.again) {
      this.again = false;
      this.notify();
      return;
    }
    this.timer = setTimeout(() => this.notify(), this.options.pollMs ?? 2000);
    this.timer.unref();
  }

  private async loop(): Promise<void> {
    try {
      // Keep going while a pass found work, so a backlog drains without waiting for polls.
      while (!this.stopped && (await this.runOnce()) > 0);
    } catch (error) {
      this.options.logger?.warn({ err: describeError(error) }, 'outbox pass failed');
    }
  }

  private async deliver(entry: OutboxEntry): Promise<boolean> {
    const o = this.options;
    const now = this.now();
    if (entry.discardAfter !== null && now > entry.discardAfter) {
      await o.store.markAttemptFailed(entry.id, now, 'expired before it could be sent', null);
      o.logger?.warn({ outboxId: entry.id, kind: entry.kind }, 'mail expired unsent');
      return false;
    }
    try {
      await o.delivery.send({
        from: o.from,
        to: entry.to,
        subject: entry.subject,
        text: entry.text,
        html: entry.html,
        messageId: entry.messageId,
      });
    } catch (error) {
      const attempts = entry.attempts + 1;
      const giveUp = attempts >= (o.maxAttempts ?? 40);
      const next = giveUp ? null : this.now() + backoffDelay(attempts - 1, o.baseBackoffMs ?? 2000, o.maxBackoffMs ?? 900_000);
      await o.store.markAttemptFailed(entry.id, this.now(), describeError(error), next);
      o.logger?.warn({ outboxId: entry.id, kind: entry.kind, attempts, err: describeError(error), giveUp }, 'mail not sent');
      return false;
    }
    await o.store.markSent(entry.id, this.now());
    o.logger?.info({ outboxId: entry.id, kind: entry.kind }, 'mail sent');
    return true;
  }
}
