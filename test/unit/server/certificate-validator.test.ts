// Card certificate path validation against trust anchors: chains through intermediates, path
// length limits, issuers that are not CAs, dates on every link, key usage, the CRL (revoked,
// stale, forged), and staff mapping by subject serialNumber or SAN. Real certificates, made here.

import 'reflect-metadata';
import { createHash, randomUUID } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { cachedPathCount, CertificateRejected, hasCachedPath, setPathCacheLimit, validateCardCertificate } from '../../../server/src/card-login/certificate-validator';
import { staffIdentifier } from '../../../server/src/card-login/staff-mapping';
import { cardTrustFrom, type CardTrust } from '../../../server/src/card-login/trust';
import { generateKeyPair, issueCertificate, type IssuedCertificate } from '../../../server/src/pki/certificates';

const DAY = 24 * 3600_000;
const NOW = Date.now();
const KU = x509.KeyUsageFlags;

async function ca(subject: string, issuer?: IssuedCertificate, options: { pathLength?: number; ca?: boolean; from?: number; to?: number } = {}) {
  return issueCertificate({
    subject,
    key: await generateKeyPair('p256'),
    ...(issuer === undefined ? {} : { issuer: { certificate: issuer.certificate, key: issuer.key } }),
    notBefore: new Date(options.from ?? NOW - DAY),
    notAfter: new Date(options.to ?? NOW + 365 * DAY),
    ca: options.ca ?? true,
    ...(options.pathLength === undefined ? {} : { pathLength: options.pathLength }),
    keyUsages: options.ca === false ? KU.digitalSignature : KU.keyCertSign | KU.cRLSign,
  });
}

async function leaf(issuer: IssuedCertificate, options: { uuid?: string; usage?: x509.KeyUsageFlags; san?: x509.JsonGeneralName[]; ca?: boolean } = {}) {
  return issueCertificate({
    subject: `CN=Test Person, 2.5.4.5=${options.uuid ?? randomUUID()}, O=NHS Test Trust`,
    key: await generateKeyPair('p256'),
    issuer: { certificate: issuer.certificate, key: issuer.key },
    notBefore: new Date(NOW - DAY),
    notAfter: new Date(NOW + 30 * DAY),
    ca: options.ca ?? false,
    keyUsages: options.usage ?? KU.digitalSignature,
    ...(options.san === undefined ? {} : { subjectAltNames: options.san }),
  });
}

const der = (c: IssuedCertificate) => Buffer.from(c.certificate.rawData);

async function rejection(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CertificateRejected) return error.code;
    throw error;
  }
  return 'ACCEPTED';
}

describe('card certificate validation', () => {
  let root: IssuedCertificate;
  let issuing: IssuedCertificate;
  let trust: CardTrust;

  beforeAll(async () => {
    root = await ca('CN=Root CA', undefined, { pathLength: 1 });
    issuing = await ca('CN=Issuing CA', root, { pathLength: 0 });
    trust = cardTrustFrom({ anchors: [root.certPem], intermediates: [issuing.certPem] });
  });

  it('accepts a leaf issued through a configured intermediate, and fingerprints it', async () => {
    const card = await leaf(issuing);
    const result = await validateCardCertificate(der(card), trust, NOW);
    expect(result.chain.map((c) => c.parsed.subject)).toEqual([card.certificate.subject, 'CN=Issuing CA', 'CN=Root CA']);
    expect(result.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a leaf whose intermediate is not configured', async () => {
    const card = await leaf(issuing);
    const anchorsOnly = cardTrustFrom({ anchors: [root.certPem] });
    expect(await rejection(validateCardCertificate(der(card), anchorsOnly, NOW))).toBe('CERTIFICATE_UNTRUSTED');
  });

  it('refuses a path longer than a CA allows', async () => {
    const tooDeep = await ca('CN=Sub-issuing CA', issuing);
    const card = await leaf(tooDeep);
    const t = cardTrustFrom({ anchors: [root.certPem], intermediates: [issuing.certPem, tooDeep.certPem] });
    expect(await rejection(validateCardCertificate(der(card), t, NOW))).toBe('CERTIFICATE_UNTRUSTED');
  });

  it('refuses a certificate "issued" by a non-CA leaf that chains to the anchor', async () => {
    const notCa = await issueCertificate({
      subject: 'CN=Sneaky Leaf',
      key: await generateKeyPair('p256'),
      issuer: { certificate: root.certificate, key: root.key },
      notBefore: new Date(NOW - DAY),
      notAfter: new Date(NOW + DAY),
      keyUsages: KU.digitalSignature | KU.keyCertSign,
    });
    const card = await leaf(notCa);
    const t = cardTrustFrom({ anchors: [root.certPem], intermediates: [notCa.certPem] });
    expect(await rejection(validateCardCertificate(der(card), t, NOW))).toBe('CERTIFICATE_UNTRUSTED');
  });

  it('checks the dates of every certificate in the path, not just the leaf', async () => {
    const expiredIssuer = await ca('CN=Expired Issuing CA', root, { from: NOW - 400 * DAY, to: NOW - DAY, pathLength: 0 });
    const card = await leaf(expiredIssuer);
    const t = cardTrustFrom({ anchors: [root.certPem], intermediates: [expiredIssuer.certPem] });
    expect(await rejection(validateCardCertificate(der(card), t, NOW))).toBe('CERTIFICATE_EXPIRED');
    const card2 = await leaf(issuing);
    expect(await rejection(validateCardCertificate(der(card2), trust, NOW + 60 * DAY))).toBe('CERTIFICATE_EXPIRED');
    expect(await rejection(validateCardCertificate(der(card2), trust, NOW - 2 * DAY))).toBe('CERTIFICATE_NOT_YET_VALID');
  });

  it('still checks dates and trust on every call for a certificate it has seen (cached path)', async () => {
    const card = await leaf(issuing);
    expect(await rejection(validateCardCertificate(der(card), trust, NOW))).toBe('ACCEPTED');
    expect(await rejection(validateCardCertificate(der(card), trust, NOW + 60 * DAY))).toBe('CERTIFICATE_EXPIRED');
    const otherRoot = cardTrustFrom({ anchors: [(await ca('CN=Other Root')).certPem] });
    expect(await rejection(validateCardCertificate(der(card), otherRoot, NOW))).toBe('CERTIFICATE_UNTRUSTED');
    expect(await rejection(validateCardCertificate(der(card), trust, NOW))).toBe('ACCEPTED');
  });

  it('refuses a CA certificate or a key without digitalSignature as a card', async () => {
    expect(await rejection(validateCardCertificate(der(await leaf(issuing, { usage: KU.keyEncipherment })), trust, NOW))).toBe(
      'CERTIFICATE_KEY_USAGE',
    );
    expect(await rejection(validateCardCertificate(der(issuing), trust, NOW))).toBe('CERTIFICATE_KEY_USAGE');
  });

  it('refuses garbage as CERTIFICATE_INVALID', async () => {
    expect(await rejection(validateCardCertificate(Buffer.from('30820000', 'hex'), trust, NOW))).toBe('CERTIFICATE_INVALID');
  });

  describe('with a CRL', () => {
    async function crlFor(issuer: IssuedCertificate, serials: string[], nextUpdate = new Date(NOW + DAY), signer = issuer) {
      return x509.X509CrlGenerator.create({
        issuer: issuer.certificate.subject,
        thisUpdate: new Date(NOW - 3600_000),
        nextUpdate,
        entries: serials.map((serialNumber) => ({ serialNumber, revocationDate: new Date(NOW - 60_000) })),
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
        signingKey: signer.key.keys.privateKey,
      });
    }

    it('refuses a revoked certificate and accepts one not listed', async () => {
      const revoked = await leaf(issuing);
      const fine = await leaf(issuing);
      const crl = await crlFor(issuing, [revoked.certificate.serialNumber]);
      const t = cardTrustFrom({ anchors: [root.certPem], intermediates: [issuing.certPem], crl: crl.toString('pem') });
      expect(await rejection(validateCardCertificate(der(revoked), t, NOW))).toBe('CERTIFICATE_REVOKED');
      expect(await rejection(validateCardCertificate(der(fine), t, NOW))).toBe('ACCEPTED');
    });

    it('fails closed on a stale CRL or one signed by the wrong key', async () => {
      const card = await leaf(issuing);
      const stale = await crlFor(issuing, [], new Date(NOW - 60_000));
      const t1 = cardTrustFrom({ anchors: [root.certPem], intermediates: [issuing.certPem], crl: stale.toString('pem') });
      expect(await rejection(validateCardCertificate(der(card), t1, NOW))).toBe('CERTIFICATE_UNTRUSTED');
      const forged = await crlFor(issuing, [], undefined, root);
      const t2 = cardTrustFrom({ anchors: [root.certPem], intermediates: [issuing.certPem], crl: forged.toString('pem') });
      expect(await rejection(validateCardCertificate(der(card), t2, NOW))).toBe('CERTIFICATE_UNTRUSTED');
    });
  });

  describe('the path cache (per trust snapshot, keyed by the SHA-256 of the DER)', () => {
    async function crlOf(serials: string[], signer = issuing) {
      return x509.X509CrlGenerator.create({
        issuer: issuing.certificate.subject,
        thisUpdate: new Date(NOW - 3600_000),
        nextUpdate: new Date(NOW + DAY),
        entries: serials.map((serialNumber) => ({ serialNumber, revocationDate: new Date(NOW - 60_000) })),
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
        signingKey: signer.key.keys.privateKey,
      });
    }

    it('fingerprints the DER once and gives the same answer from the cache', async () => {
      const card = await leaf(issuing);
      const t = cardTrustFrom({ anchors: [root.certPem], intermediates: [issuing.certPem] });
      const first = await validateCardCertificate(der(card), t, NOW);
      expect(cachedPathCount(t)).toBe(1);
      const second = await validateCardCertificate(der(card), t, NOW);
      expect(cachedPathCount(t)).toBe(1);
      expect(second.fingerprint).toBe(createHash('sha256').update(der(card)).digest('hex'));
      expect(second.fingerprint).toBe(first.fingerprint);
      expect(second.chain.map((c) => c.parsed.subject)).toEqual(first.chain.map((c) => c.parsed.subject));
    });

    it('a certificate cached as valid is refused once a reloaded CRL revokes it (the new snapshot starts empty)', async () => {
      const card = await leaf(issuing);
      const before = cardTrustFrom({ anchors: [root.certPem], intermediates: [issuing.certPem], crl: (await crlOf([])).toString('pem') });
      expect(await rejection(validateCardCertificate(der(card), before, NOW))).toBe('ACCEPTED');
      expect(await rejection(validateCardCertificate(der(card), before, NOW))).toBe('ACCEPTED');
      expect(cachedPathCount(before)).toBe(1);
      // What CardTrustSource does when the CRL file changes: a new snapshot from the files.
      const reloaded = cardTrustFrom({
        anchors: [root.certPem],
        intermediates: [issuing.certPem],
        crl: (await crlOf([card.certificate.serialNumber])).toString('pem'),
      });
      expect(cachedPathCount(reloaded)).toBe(0);
      expect(await rejection(validateCardCertificate(der(card), reloaded, NOW))).toBe('CERTIFICATE_REVOKED');
      expect(await rejection(validateCardCertificate(der(card), reloaded, NOW))).toBe('CERTIFICATE_REVOKED');
      // Expiry still applies to a cached path, under either snapshot.
      expect(await rejection(validateCardCertificate(der(card), before, NOW + 60 * DAY))).toBe('CERTIFICATE_EXPIRED');
    });

    it('a forged CRL is refused on every login, not only the first (its verdict is cached, not skipped)', async () => {
      const card = await leaf(issuing);
      const forged = cardTrustFrom({ anchors: [root.certPem], intermediates: [issuing.certPem], crl: (await crlOf([], root)).toString('pem') });
      for (let i = 0; i < 3; i++) expect(await rejection(validateCardCertificate(der(card), forged, NOW))).toBe('CERTIFICATE_UNTRUSTED');
      const good = cardTrustFrom({ anchors: [root.certPem], intermediates: [issuing.certPem], crl: (await crlOf([])).toString('pem') });
      for (let i = 0; i < 3; i++) expect(await rejection(validateCardCertificate(der(card), good, NOW))).toBe('ACCEPTED');
    });

    it('evicts the least recently used path when full, and a re-validated evicted card is still checked in full', async () => {
      const restore = setPathCacheLimit(3);
      try {
        const t = cardTrustFrom({ anchors: [root.certPem], intermediates: [issuing.certPem] });
        const [a, b, c, d] = await Promise.all([leaf(issuing), leaf(issuing), leaf(issuing), leaf(issuing)]);
        for (const card of [a, b, c]) expect(await rejection(validateCardCertificate(der(card), t, NOW))).toBe('ACCEPTED');
        expect(cachedPathCount(t)).toBe(3);
        expect(await rejection(validateCardCertificate(der(a), t, NOW))).toBe('ACCEPTED'); // a is now the most recent
        expect(await rejection(validateCardCertificate(der(d), t, NOW))).toBe('ACCEPTED'); // evicts b, the least recent
        expect(cachedPathCount(t)).toBe(3);
        expect([a, b, c, d].map((card) => hasCachedPath(t, der(card)))).toEqual([true, false, true, true]);
        // b is built again (and its dates still checked); the cache never grows past its limit.
        expect(await rejection(validateCardCertificate(der(b), t, NOW + 60 * DAY))).toBe('CERTIFICATE_EXPIRED');
        expect(await rejection(validateCardCertificate(der(b), t, NOW))).toBe('ACCEPTED');
        expect(cachedPathCount(t)).toBe(3);
      } finally {
        restore();
      }
    });

    it('a path cached under one snapshot is not used by a snapshot without its anchor', async () => {
      const card = await leaf(issuing);
      expect(await rejection(validateCardCertificate(der(card), trust, NOW))).toBe('ACCEPTED');
      const withoutIntermediate = cardTrustFrom({ anchors: [root.certPem] });
      expect(await rejection(validateCardCertificate(der(card), withoutIntermediate, NOW))).toBe('CERTIFICATE_UNTRUSTED');
      expect(cachedPathCount(withoutIntermediate)).toBe(0);
    });
  });

  describe('staff mapping', () => {
    it('reads the subject serialNumber (2.5.4.5) by default', async () => {
      const uuid = randomUUID();
      const card = await leaf(issuing, { uuid });
      expect(staffIdentifier(card.certificate, { from: 'subjectSerialNumber' })).toBe(uuid);
    });

    it('reads one SAN entry of the configured type, and refuses ambiguity', async () => {
      const card = await leaf(issuing, { san: [{ type: 'email', value: 'alex.morgan@nhs.net' }, { type: 'dns', value: 'x.example' }] });
      expect(staffIdentifier(card.certificate, { from: 'san', type: 'email', matches: 'email' })).toBe('alex.morgan@nhs.net');
      expect(staffIdentifier(card.certificate, { from: 'san', type: 'upn', matches: 'username' })).toBeNull();
      const twice = await leaf(issuing, { san: [{ type: 'email', value: 'a@nhs.net' }, { type: 'email', value: 'b@nhs.net' }] });
      expect(staffIdentifier(twice.certificate, { from: 'san', type: 'email', matches: 'email' })).toBeNull();
    });
  });
});
