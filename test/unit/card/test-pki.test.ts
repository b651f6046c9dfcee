import { createPublicKey, sign, verify, X509Certificate as NodeX509 } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createTestCa,
  createUntrustedCa,
  issueCardCertificate,
  issueExpiredCardCertificate,
  issueNotYetValidCardCertificate,
  subjectSerialNumber,
  verifyIssuedBy,
} from '../../support/pki/test-pki';

const UUID = '5f0c2a0e-8d4b-4c1e-9a3f-1b2c3d4e5f60';

describe('test PKI', () => {
  it('issues an RSA-2048 card certificate chained to the CA with the staff UUID as subject serialNumber', async () => {
    const ca = await createTestCa({ commonName: 'ESR Test CA' });
    const card = await issueCardCertificate(ca, { staffUuid: UUID, commonName: 'Alex Morgan', algorithm: 'rsa2048' });
    const nodeCert = new NodeX509(card.certificateDer);
    expect(nodeCert.checkIssued(new NodeX509(ca.certificateDer))).toBe(true);
    expect(nodeCert.verify(createPublicKey(ca.certificatePem))).toBe(true);
    expect(await verifyIssuedBy(card.certificateDer, ca)).toBe(true);
    expect(subjectSerialNumber(card.certificateDer)).toBe(UUID);
    expect(nodeCert.subject).toContain(`serialNumber=${UUID}`);
    expect(nodeCert.keyUsage).toContain('1.3.6.1.5.5.7.3.2');
    expect(nodeCert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const sig = sign('sha256', Buffer.from('x'), card.privateKey);
    expect(verify('sha256', Buffer.from('x'), nodeCert.publicKey, sig)).toBe(true);
    expect(card.certificate.getExtension('2.5.29.15')).not.toBeNull();
  });

  it('issues a P-256 card certificate and caches the key per staff member', async () => {
    const ca = await createTestCa({ commonName: 'ESR Test CA' });
    const a = await issueCardCertificate(ca, { staffUuid: UUID, commonName: 'Priya', algorithm: 'p256' });
    const b = await issueCardCertificate(ca, { staffUuid: UUID, commonName: 'Priya', algorithm: 'p256' });
    const c = await issueCardCertificate(ca, { staffUuid: UUID, commonName: 'Priya', algorithm: 'p256', freshKey: true });
    expect(new NodeX509(a.certificateDer).publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    expect(a.privateKeyPem).toBe(b.privateKeyPem);
    expect(c.privateKeyPem).not.toBe(a.privateKeyPem);
  });

  it('makes an untrusted CA whose certificates do not verify against the trusted one', async () => {
    const ca = await createTestCa({ commonName: 'ESR Test CA' });
    const rogue = await createUntrustedCa();
    const card = await issueCardCertificate(rogue, { staffUuid: UUID, commonName: 'X', algorithm: 'p256' });
    expect(await verifyIssuedBy(card.certificateDer, rogue)).toBe(true);
    expect(new NodeX509(card.certificateDer).verify(createPublicKey(ca.certificatePem))).toBe(false);
  });

  it('makes expired and not-yet-valid certificates', async () => {
    const ca = await createTestCa({ commonName: 'ESR Test CA' });
    const now = Date.now();
    const expired = await issueExpiredCardCertificate(ca, { staffUuid: UUID, commonName: 'X', algorithm: 'p256' });
    const future = await issueNotYetValidCardCertificate(ca, { staffUuid: UUID, commonName: 'X', algorithm: 'p256' });
    expect(new Date(new NodeX509(expired.certificateDer).validTo).getTime()).toBeLessThan(now);
    expect(new Date(new NodeX509(future.certificateDer).validFrom).getTime()).toBeGreaterThan(now);
  });

  it('can leave digitalSignature out of the key usage for negative cases', async () => {
    const ca = await createTestCa({ commonName: 'ESR Test CA' });
    const card = await issueCardCertificate(ca, {
      staffUuid: UUID, commonName: 'X', algorithm: 'p256', keyUsage: ['keyEncipherment'],
    });
    const ku = card.certificate.getExtension('2.5.29.15');
    expect(ku).not.toBeNull();
    // KeyUsagesExtension.usages is the flag set
    expect((ku as unknown as { usages: number }).usages & 1).toBe(0);
  });
});
