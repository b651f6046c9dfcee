// Matching card certificates to a CRL for ending sessions: serial numbers compared in one form,
// and a CRL counts only when the card CA it names signed it.

import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { isRevoked, normaliseSerial, revokedSerials } from '../../../server/src/card-login/revoked-sessions';
import { cardTrustFrom } from '../../../server/src/card-login/trust';
import { createTestCa, issueCardCertificate, type TestCa } from '../../support/pki/test-pki';

async function crlOf(ca: TestCa, serials: string[]): Promise<string> {
  const list = await x509.X509CrlGenerator.create({
    issuer: ca.certificate.subject,
    thisUpdate: new Date(Date.now() - 60_000),
    nextUpdate: new Date(Date.now() + 3600_000),
    entries: serials.map((serialNumber) => ({ serialNumber, revocationDate: new Date(Date.now() - 1000) })),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    signingKey: ca.privateKey,
  });
  return list.toString('pem');
}

describe('normaliseSerial', () => {
  it('compares serials as lower-case hex without leading zeros', () => {
    expect(normaliseSerial('00AB12')).toBe('ab12');
    expect(normaliseSerial('ab12')).toBe('ab12');
    expect(normaliseSerial('0')).toBe('0');
    expect(normaliseSerial('0000')).toBe('0');
  });
});

describe('revokedSerials / isRevoked', () => {
  it('names the serials of a CRL the card CA signed, and nothing for an impostor CRL with the same issuer name', async () => {
    const ca = await createTestCa({ commonName: 'ESR Unit CRL CA' });
    const impostor = await createTestCa({ commonName: 'ESR Unit CRL CA' });
    const card = await issueCardCertificate(ca, { staffUuid: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', commonName: 'Card', algorithm: 'p256', freshKey: true });
    const serial = card.certificate.serialNumber;
    const issuer = card.certificate.issuer;

    const trusted = cardTrustFrom({ anchors: [ca.certificatePem], crl: await crlOf(ca, [serial]) });
    expect((await revokedSerials(trusted))?.serials.has(normaliseSerial(serial))).toBe(true);
    expect(await isRevoked(trusted, issuer, serial)).toBe(true);
    expect(await isRevoked(trusted, issuer, `00${serial.toUpperCase()}`)).toBe(true);
    expect(await isRevoked(trusted, 'CN=Another CA', serial)).toBe(false);
    expect(await isRevoked(trusted, issuer, 'abcdef')).toBe(false);

    const forged = cardTrustFrom({ anchors: [ca.certificatePem], crl: await crlOf(impostor, [serial]) });
    expect(await revokedSerials(forged)).toBeNull();
    expect(await isRevoked(forged, issuer, serial)).toBe(false);

    expect(await revokedSerials(cardTrustFrom({ anchors: [ca.certificatePem] }))).toBeNull();
  });
});
