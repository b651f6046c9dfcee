// Card login is also limited per staff member, whichever kiosk they use: the account is known
// only after the certificate is checked, so the limit applies from inside the login, is
// audited, and leaves other staff alone.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, issueCardCertificate, type TestCardCertificate } from '../../support/pki/test-pki';
import { startTestGateway, type TestGateway } from '../../support/server/gateway';
import { cardLogin } from '../../support/server/card-login';
import { errorCode } from '../../support/server/client';
import { DEMO_STAFF } from '../../support/server/demo-staff';

describe('card login per-account limit', () => {
  let gw: TestGateway;
  let alexCard: TestCardCertificate;
  let priyaCard: TestCardCertificate;
  const [alex, priya] = DEMO_STAFF;

  beforeAll(async () => {
    const ca = await createTestCa({ commonName: 'ESR Limit Test CA' });
    alexCard = await issueCardCertificate(ca, { staffUuid: alex!.id, commonName: alex!.displayName, algorithm: 'p256' });
    priyaCard = await issueCardCertificate(ca, { staffUuid: priya!.id, commonName: priya!.displayName, algorithm: 'p256' });
    gw = await startTestGateway({
      cardTrustAnchors: [ca.certificatePem],
      staff: DEMO_STAFF,
      config: { rateLimits: { perAccount: { max: 3, windowSeconds: 60 } } },
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('refuses the fourth login of one person in the window, from any kiosk, and audits it', async () => {
    const kioskA = gw.client(await gw.enrollDevice('ward-a'));
    const kioskB = gw.client(await gw.enrollDevice('ward-b'));
    expect((await cardLogin(kioskA, alexCard)).status).toBe(200);
    expect((await cardLogin(kioskB, alexCard)).status).toBe(200);
    expect((await cardLogin(kioskA, alexCard)).status).toBe(200);
    const fourth = await cardLogin(kioskB, alexCard);
    expect(fourth.status).toBe(429);
    expect(errorCode(fourth)).toBe('RATE_LIMITED');
    const rows = await gw.storage.audit.list();
    expect(rows[rows.length - 1]).toMatchObject({ event: 'card-login', outcome: 'failure', reason: 'RATE_LIMITED', staffId: alex!.id });
    expect((await cardLogin(kioskB, priyaCard)).status).toBe(200);
  });
});
