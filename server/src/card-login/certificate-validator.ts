// Certificate path validation for card certificates, to the configured trust anchors: the chain
// (issuer name and signature, each issuer a CA), validity dates of every certificate in it, the
// leaf fit for digital signature and not a CA, and the CRL when one is configured.
//
// Written against node:crypto's X509Certificate (checkIssued + verify) and @peculiar/x509 for
// extensions and the CRL, rather than pkijs' validation engine: the rules we need are few,
// each is tested on its own, and errors map one-to-one to our codes.

import { createHash, X509Certificate as NodeCertificate } from 'node:crypto';
// @peculiar/x509 needs the Reflect metadata polyfill loaded before it, whoever imports this first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { GatewayErrorCode } from '../../../src-main/shared/errors';
import type { CardTrust, TrustedCertificate } from './trust';

export class CertificateRejected extends Error {
  override readonly name = 'CertificateRejected';
  constructor(
    readonly code: GatewayErrorCode,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export interface ValidatedCertificate {
  readonly leaf: TrustedCertificate;
  /** SHA-256 of the DER, lower-case hex. */
  readonly fingerprint: string;
  readonly chain: readonly TrustedCertificate[];
}

const MAX_PATH = 5;

/**
 * Parsing and path building are the costly part of a login (~2 ms each here) and depend only on
 * the certificate's bytes and the trust in force, so both are cached: per trust snapshot, keyed
 * by the SHA-256 of the DER. Dates, key usage and the CRL are still checked on every login. A
 * reload of the anchors, intermediates or CRL makes a new snapshot, which starts with an empty
 * cache (the old one goes with the old snapshot).
 */
let pathCacheLimit = 2000;

/** Sets how many paths one trust snapshot caches (tests); returns a function restoring the old limit. */
export function setPathCacheLimit(limit: number): () => void {
  const previous = pathCacheLimit;
  pathCacheLimit = Math.max(1, Math.floor(limit));
  return () => {
    pathCacheLimit = previous;
  };
}

interface CachedPath {
  readonly chain: TrustedCertificate[];
  /** SHA-256 of the leaf's DER as parsed, lower-case hex. */
  readonly fingerprint: string;
}

const pathCache = new WeakMap<CardTrust, Map<string, CachedPath>>();

/**
 * Whether a CRL carries a good signature by an issuer: verified once per loaded CRL object and
 * issuer (a reload parses a new CRL object, so it is verified afresh), not on every login.
 */
const crlVerdicts = new WeakMap<x509.X509Crl, WeakMap<TrustedCertificate, Promise<boolean>>>();

export function crlSignedBy(crl: x509.X509Crl, issuer: TrustedCertificate): Promise<boolean> {
  let byIssuer = crlVerdicts.get(crl);
  if (byIssuer === undefined) {
    byIssuer = new WeakMap();
    crlVerdicts.set(crl, byIssuer);
  }
  let verdict = byIssuer.get(issuer);
  if (verdict === undefined) {
    verdict = crl.verify({ publicKey: issuer.parsed }).catch(() => false);
    byIssuer.set(issuer, verdict);
  }
  return verdict;
}

function parseLeaf(der: Buffer): TrustedCertificate {
  try {
    const node = new NodeCertificate(der);
    return { node, parsed: new x509.X509Certificate(node.raw) };
  } catch {
    throw new CertificateRejected('CERTIFICATE_INVALID', 'not a DER X.509 certificate');
  }
}

function cachedPath(der: Buffer, trust: CardTrust): CachedPath {
  let paths = pathCache.get(trust);
  if (paths === undefined) {
    paths = new Map();
    pathCache.set(trust, paths);
  }
  const key = createHash('sha256').update(der).digest('hex');
  const hit = paths.get(key);
  if (hit !== undefined) {
    // Least recently used goes first: a Map iterates in insertion order, so re-insert on use.
    paths.delete(key);
    paths.set(key, hit);
    return hit;
  }
  const chain = buildPath(parseLeaf(der), trust);
  checkIssuers(chain);
  const raw = chain[0]?.node.raw ?? der;
  // The same bytes unless the DER carried trailing data (then the certificate's own bytes count).
  const fingerprint = raw.equals(der) ? key : createHash('sha256').update(raw).digest('hex');
  // Evict the least recently used path rather than emptying the cache: more cards in use than
  // the cache holds then cost one cold login each, not a burst of cold logins for everyone.
  if (paths.size >= pathCacheLimit) {
    const oldest = paths.keys().next();
    if (oldest.done !== true) paths.delete(oldest.value);
  }
  const entry = { chain, fingerprint };
  paths.set(key, entry);
  return entry;
}

/** How many certificate paths the trust snapshot has cached (tests). */
export function cachedPathCount(trust: CardTrust): number {
  return pathCache.get(trust)?.size ?? 0;
}

/** Whether the trust snapshot holds the path of this certificate (tests). */
export function hasCachedPath(trust: CardTrust, der: Buffer): boolean {
  return pathCache.get(trust)?.has(createHash('sha256').update(der).digest('hex')) ?? false;
}

function issuedBy(child: TrustedCertificate, issuer: TrustedCertificate): boolean {
  try {
    return child.node.checkIssued(issuer.node) && child.node.verify(issuer.node.publicKey);
  } catch {
    return false;
  }
}

function checkDates(cert: TrustedCertificate, now: number): void {
  if (now < cert.parsed.notBefore.getTime()) {
    throw new CertificateRejected('CERTIFICATE_NOT_YET_VALID', `${cert.node.subject} is not valid yet`);
  }
  if (now > cert.parsed.notAfter.getTime()) {
    throw new CertificateRejected('CERTIFICATE_EXPIRED', `${cert.node.subject} has expired`);
  }
}

function checkLeafUsage(leaf: TrustedCertificate): void {
  if (leaf.node.ca) throw new CertificateRejected('CERTIFICATE_KEY_USAGE', 'a CA certificate cannot sign in');
  const usage = leaf.parsed.getExtension(x509.KeyUsagesExtension);
  if (usage === null || (usage.usages & x509.KeyUsageFlags.digitalSignature) === 0) {
    throw new CertificateRejected('CERTIFICATE_KEY_USAGE', 'certificate is not for digital signature');
  }
}

/** Every issuer in the path must be a CA allowed to sign certificates this deep (RFC 5280 4.2.1.9). */
function checkIssuers(chain: readonly TrustedCertificate[]): void {
  chain.forEach((cert, index) => {
    if (index === 0) return;
    const constraints = cert.parsed.getExtension(x509.BasicConstraintsExtension);
    if (constraints?.ca !== true) {
      throw new CertificateRejected('CERTIFICATE_UNTRUSTED', `${cert.node.subject} is not a CA`);
    }
    const usage = cert.parsed.getExtension(x509.KeyUsagesExtension);
    if (usage !== null && (usage.usages & x509.KeyUsageFlags.keyCertSign) === 0) {
      throw new CertificateRejected('CERTIFICATE_UNTRUSTED', `${cert.node.subject} may not sign certificates`);
    }
    const intermediatesBelow = index - 1;
    if (constraints.pathLength !== undefined && intermediatesBelow > constraints.pathLength) {
      throw new CertificateRejected('CERTIFICATE_UNTRUSTED', `${cert.node.subject} allows a shorter path`);
    }
  });
}

/** Builds the path leaf → … → anchor, trying intermediates when no anchor issued the current one. */
function buildPath(leaf: TrustedCertificate, trust: CardTrust): TrustedCertificate[] {
  const chain = [leaf];
  let current = leaf;
  for (let depth = 0; depth < MAX_PATH; depth++) {
    const anchor = trust.anchors.find((a) => issuedBy(current, a));
    if (anchor !== undefined) return [...chain, anchor];
    const next = trust.intermediates.find((i) => i.node.ca && !chain.includes(i) && issuedBy(current, i));
    if (next === undefined) break;
    chain.push(next);
    current = next;
  }
  throw new CertificateRejected('CERTIFICATE_UNTRUSTED', 'no path to a trusted card CA');
}

async function checkRevocation(leaf: TrustedCertificate, issuer: TrustedCertificate, crl: x509.X509Crl, now: number): Promise<void> {
  if (crl.issuer !== issuer.parsed.subject) return; // a CRL of another CA says nothing about this one
  if (!(await crlSignedBy(crl, issuer))) {
    throw new CertificateRejected('CERTIFICATE_UNTRUSTED', 'the configured CRL has a bad signature');
  }
  if (crl.nextUpdate !== undefined && now > crl.nextUpdate.getTime()) {
    throw new CertificateRejected('CERTIFICATE_UNTRUSTED', 'the configured CRL is out of date');
  }
  if (crl.findRevoked(leaf.parsed) !== null) {
    throw new CertificateRejected('CERTIFICATE_REVOKED', 'certificate is revoked');
  }
}

export async function validateCardCertificate(der: Buffer, trust: CardTrust, now: number): Promise<ValidatedCertificate> {
  const { chain, fingerprint } = cachedPath(der, trust);
  const leaf = chain[0];
  if (leaf === undefined) throw new CertificateRejected('CERTIFICATE_INVALID', 'empty path');
  for (const cert of chain) checkDates(cert, now);
  checkLeafUsage(leaf);
  const issuer = chain[1];
  if (trust.crl !== null && issuer !== undefined) await checkRevocation(leaf, issuer, trust.crl, now);
  return { leaf, chain: [...chain], fingerprint };
}
