// The card CRL in a running gateway: a revoked card is refused, a stale CRL refuses everyone
// (fail closed), and a CRL file replaced on disk takes effect without a restart; a broken
// replacement keeps the previous trust and is logged.

import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, issueCardCertificate, type TestCa, type TestCardCertificate } from '../../support/pki/test-pki';
import { startTestGateway, type TestGateway } from '../../support/server/gateway';
import { cardLogin } from '../../support/server/card-login';
import { errorCode, type GatewayTestClient } from '../../support/server/client';
import { DEMO_STAFF } from '../../support/server/demo-staff';

const HOUR = 3600_000;

async function crl(ca: TestCa, revokedSerials: string[], nextUpdate: Date): Promise<string> {
  const list = await x509.X509CrlGenerator.create({
    issuer: ca.certificate.subject,
    thisUpdate: new Date(Date.now() - HOUR),
    nextUpdate,
    entries: revokedSerials.map((serialNumber) => ({ serialNumber, revocationDate: new Date(Date.now() - 60_000) })),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    signingKey: ca.privateKey,
  });
  return list.toString('pem');
}

describe('card CRL in a running gateway', () => {
  let gw: TestGateway;
  let ca: TestCa;
  let alexCard: TestCardCertificate;
  let priyaCard: TestCardCertificate;
  let client: GatewayTestClient;
  const [alex, priya] = DEMO_STAFF;

  beforeAll(async () => {
    ca = await createTestCa({ commonName: 'ESR CRL Test CA' });
    alexCard = await issueCardCertificate(ca, { staffUuid: alex!.id, commonName: alex!.displayName, algorithm: 'p256', freshKey: true });
    priyaCard = await issueCardCertificate(ca, { staffUuid: priya!.id, commonName: priya!.displayName, algorithm: 'p256', freshKey: true });
    gw = await startTestGateway({
      cardTrustAnchors: [ca.certificatePem],
      crl: await crl(ca, [priyaCard.certificate.serialNumber], new Date(Date.now() + 24 * HOUR)),
      staff: DEMO_STAFF,
    });
    client = gw.client(await gw.enrollDevice('ward-crl'));
  });
  afterAll(async () => {
    await gw.close();
  });

  it('refuses a revoked card and accepts another', async () => {
    expect(errorCode(await cardLogin(client, priyaCard))).toBe('CERTIFICATE_REVOKED');
    expect((await cardLogin(client, alexCard)).status).toBe(200);
  });

  it('picks up a replaced CRL file without a restart', async () => {
    writeFileSync(join(gw.dir, 'card.crl'), await crl(ca, [alexCard.certificate.serialNumber], new Date(Date.now() + 24 * HOUR)));
    gw.clock.advance(31_000); // the files are looked at every 30 s at most
    expect(errorCode(await cardLogin(client, alexCard))).toBe('CERTIFICATE_REVOKED');
    expect((await cardLogin(client, priyaCard)).status).toBe(200);
    expect(gw.logs.join('\n')).toContain('card trust anchors / CRL reloaded');
  });

  it('keeps the previous trust when the new file is broken, and says so', async () => {
    writeFileSync(join(gw.dir, 'card.crl'), 'not a CRL');
    gw.clock.advance(31_000);
    expect(errorCode(await cardLogin(client, alexCard))).toBe('CERTIFICATE_REVOKED');
    expect(gw.logs.join('\n')).toContain('could not be loaded');
  });

  it('refuses everyone when the CRL is out of date (fail closed)', async () => {
    writeFileSync(join(gw.dir, 'card.crl'), await crl(ca, [], new Date(Date.now() - 60_000)));
    gw.clock.advance(31_000);
    const res = await cardLogin(client, alexCard);
    expect(errorCode(res)).toBe('CERTIFICATE_UNTRUSTED');
    const rows = await gw.storage.audit.list();
    expect(rows[rows.length - 1]?.details).toMatchObject({ detail: 'the configured CRL is out of date' });
  });
});
