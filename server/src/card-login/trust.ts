// The card trust configuration in memory: the CAs that issue staff cards (trust anchors), any
// intermediates, an optional CRL, and how a certificate names its staff member.

import 'reflect-metadata';
import { readFileSync, statSync } from 'node:fs';
import { webcrypto, X509Certificate as NodeCertificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { GatewayConfig, StaffMapping } from '../config';
import { ConfigError } from '../config';

// Node 20 webcrypto is a full Crypto; its type lives in the DOM lib the gateway does not load.
x509.cryptoProvider.set(webcrypto as never);

export interface TrustedCertificate {
  readonly node: NodeCertificate;
  readonly parsed: x509.X509Certificate;
}

export interface CardTrust {
  readonly anchors: readonly TrustedCertificate[];
  readonly intermediates: readonly TrustedCertificate[];
  readonly crl: x509.X509Crl | null;
  readonly staffMapping: StaffMapping;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/gu;

/** Every certificate in a PEM bundle (or one DER certificate). */
export function parseCertificates(data: Buffer | string, source: string): TrustedCertificate[] {
  const text = typeof data === 'string' ? data : data.toString('latin1');
  const pems = text.match(PEM_CERT);
  const items: (string | Buffer)[] = pems ?? (typeof data === 'string' ? [] : [data]);
  if (items.length === 0) throw new ConfigError(`${source}: no certificate found`);
  return items.map((item) => {
    try {
      const node = new NodeCertificate(item);
      return { node, parsed: new x509.X509Certificate(node.raw) };
    } catch (error) {
      throw new ConfigError(`${source}: not a certificate (${(error as Error).message})`);
    }
  });
}

export function cardTrustFrom(input: {
  anchors: readonly (Buffer | string)[];
  intermediates?: readonly (Buffer | string)[];
  crl?: Buffer | string | null;
  staffMapping?: StaffMapping;
}): CardTrust {
  const anchors = input.anchors.flatMap((a, i) => parseCertificates(a, `trust anchor ${i + 1}`));
  for (const anchor of anchors) {
    if (!anchor.node.ca) throw new ConfigError(`trust anchor ${anchor.node.subject} is not a CA certificate`);
  }
  let crl: x509.X509Crl | null = null;
  if (input.crl !== undefined && input.crl !== null) {
    try {
      crl = new x509.X509Crl(typeof input.crl === 'string' ? input.crl : new Uint8Array(input.crl));
    } catch (error) {
      throw new ConfigError(`card CRL is not a CRL (${(error as Error).message})`);
    }
  }
  return {
    anchors,
    intermediates: (input.intermediates ?? []).flatMap((a, i) => parseCertificates(a, `intermediate ${i + 1}`)),
    crl,
    staffMapping: input.staffMapping ?? { from: 'subjectSerialNumber' },
  };
}

function readFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ConfigError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

export function loadCardTrust(config: GatewayConfig['cardTrust']): CardTrust {
  const crl = config.crlFile === undefined ? null : readFile(config.crlFile);
  const crlInput = crl !== null && crl.toString('latin1').includes('-----BEGIN') ? crl.toString('latin1') : crl;
  return cardTrustFrom({
    anchors: config.anchorFiles.map(readFile),
    intermediates: config.intermediateFiles.map(readFile),
    crl: crlInput,
    staffMapping: config.staffMapping,
  });
}

/**
 * The card trust in force, reloaded when its files change (checked at most every
 * `checkEveryMs`): a daily CRL must not need a restart, and a stale one refuses logins. A reload
 * that fails keeps the previous trust and reports the problem.
 */
export class CardTrustSource {
  private trust: CardTrust;
  private stamp: string;
  private lastCheck: number;

  constructor(
    private readonly config: GatewayConfig['cardTrust'] | null,
    initial: CardTrust,
    private readonly now: () => number,
    /** After a reload: null and the new trust, or the error (the previous trust stays). */
    private readonly onReload: (error: Error | null, trust: CardTrust) => void,
    private readonly checkEveryMs = 30_000,
  ) {
    this.trust = initial;
    this.stamp = this.fileStamp();
    this.lastCheck = now();
  }

  private files(): string[] {
    if (this.config === null) return [];
    return [...this.config.anchorFiles, ...this.config.intermediateFiles, ...(this.config.crlFile === undefined ? [] : [this.config.crlFile])];
  }

  private fileStamp(): string {
    return this.files()
      .map((file) => {
        try {
          const st = statSync(file);
          return `${file}:${st.mtimeMs}:${st.size}`;
        } catch {
          return `${file}:missing`;
        }
      })
      .join('|');
  }

  current(): CardTrust {
    const now = this.now();
    if (this.config === null || now - this.lastCheck < this.checkEveryMs) return this.trust;
    this.lastCheck = now;
    const stamp = this.fileStamp();
    if (stamp === this.stamp) return this.trust;
    this.stamp = stamp;
    try {
      this.trust = loadCardTrust(this.config);
      this.onReload(null, this.trust);
    } catch (error) {
      this.onReload(error instanceof Error ? error : new Error(String(error)), this.trust);
    }
    return this.trust;
  }
}
