// A card revoked by a newly loaded CRL must not keep its open sessions until they time out.
// Two guards, both keyed on the certificate's issuer name and serial number (stored with each
// card session):
//   - every use of a card session checks the CRL in force (`isRevoked`, a set lookup; the CRL's
//     signature is verified once per loaded CRL), so the next request after a reload is refused
//     on whichever gateway instance it reaches;
//   - a sweep (`endRevokedSessions`) revokes, with an audit row, every open card session the CRL
//     names: run when the gateway starts and whenever the CRL file is reloaded, so sessions
//     nobody is using end too. The watcher looks at the trust files on a timer so a new CRL is
//     noticed without waiting for a card login.

import type { Logger } from 'pino';
import type { AuditWriter } from '../audit/writer';
import type { Storage } from '../storage/storage';
import { crlSignedBy } from './certificate-validator';
import type { CardTrust } from './trust';

/** Serial numbers compared as lower-case hex without leading zeros. */
export function normaliseSerial(serial: string): string {
  return serial.toLowerCase().replace(/^0+(?=[0-9a-f])/u, '');
}

interface RevokedSet {
  readonly issuer: string;
  readonly serials: ReadonlySet<string>;
}

const revokedSets = new WeakMap<object, Promise<RevokedSet | null>>();

/**
 * The serials the trust's CRL revokes, or null when there is no CRL or it is not signed by the
 * card CA it names (the same CA check a login makes; a CRL nobody trusted revokes nothing).
 */
export function revokedSerials(trust: CardTrust): Promise<RevokedSet | null> {
  const crl = trust.crl;
  if (crl === null) return Promise.resolve(null);
  let set = revokedSets.get(crl);
  if (set === undefined) {
    set = (async () => {
      const issuerCa = [...trust.anchors, ...trust.intermediates].find((ca) => ca.parsed.subject === crl.issuer);
      // The same cached verdict a login uses (certificate-validator.ts): verified once per CRL.
      if (issuerCa === undefined || !(await crlSignedBy(crl, issuerCa))) return null;
      return { issuer: crl.issuer, serials: new Set(crl.entries.map((entry) => normaliseSerial(entry.serialNumber))) };
    })();
    revokedSets.set(crl, set);
  }
  return set;
}

export async function isRevoked(trust: CardTrust, issuer: string, serial: string): Promise<boolean> {
  const revoked = await revokedSerials(trust);
  return revoked !== null && revoked.issuer === issuer && revoked.serials.has(normaliseSerial(serial));
}

export const CERTIFICATE_REVOKED_REASON = 'certificate-revoked';

/** Revokes (and audits) every open card session whose certificate `trust`'s CRL revokes. */
export async function endRevokedSessions(storage: Storage, audit: AuditWriter, trust: CardTrust, now: number): Promise<number> {
  const revoked = await revokedSerials(trust);
  if (revoked === null || revoked.serials.size === 0) return 0;
  let ended = 0;
  for (const session of await storage.sessions.listOpenCard(now)) {
    if (session.certificateIssuer !== revoked.issuer || !revoked.serials.has(normaliseSerial(session.certificateSerial))) continue;
    // Revoke and audit together; another instance sweeping the same CRL finds it revoked already.
    const revokedHere = await storage.transaction(async (repos) => {
      if (!(await repos.sessions.revoke(session.id, now, CERTIFICATE_REVOKED_REASON))) return false;
      await audit.record(
        {
          event: 'session-revoked',
          outcome: 'success',
          reason: 'CERTIFICATE_REVOKED',
          staffId: session.staffId,
          deviceId: session.deviceId,
          details: { sessionId: session.id, certificateFingerprint: session.certificateFingerprint },
        },
        repos,
      );
      return true;
    });
    if (revokedHere) ended++;
  }
  return ended;
}

export interface RevocationWatcherOptions {
  readonly storage: Storage;
  readonly audit: AuditWriter;
  /** The trust in force; reading it lets the trust source notice changed files. */
  readonly trust: () => CardTrust;
  readonly now: () => number;
  readonly logger: Logger;
  readonly checkEveryMs?: number;
}

/** Sweeps on start and after each reload; looks at the trust files every `checkEveryMs`. */
export class RevocationWatcher {
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(private readonly options: RevocationWatcherOptions) {}

  start(): void {
    if (this.timer !== undefined) return;
    this.sweep(this.options.trust());
    this.timer = setInterval(() => this.options.trust(), this.options.checkEveryMs ?? 5_000);
    this.timer.unref();
  }

  /** Queues a sweep against `trust` (sweeps run one at a time). */
  sweep(trust: CardTrust): void {
    if (this.stopped) return;
    this.sweeping = this.sweeping.then(async () => {
      try {
        const ended = await endRevokedSessions(this.options.storage, this.options.audit, trust, this.options.now());
        if (ended > 0) this.options.logger.warn({ ended }, 'ended the open sessions of revoked card certificates');
      } catch (error) {
        this.options.logger.error({ err: error }, 'could not end the sessions of revoked card certificates');
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping;
  }
}
