// The card CRL in a running gateway: a revoked card is refused, a stale CRL refuses everyone
// (fail closed), and a CRL file replaced on disk takes effect without a restart; a broken
// replacement keeps the previous trust and is logged. A new CRL also ends the open sessions of
// the cards it revokes: at their next use, and by itself (sweep on reload) for unused ones; a
// CRL not signed by the card CA ends nothing; a gateway started with a CRL ends them at start.

import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, issueCardCertificate, type TestCa, type TestCardCertificate } from '../../support/pki/test-pki';
import { buildApp } from '../../../server/src/app';
import { hashSessionToken } from '../../../server/src/sessions/session-service';
import { openSqliteStorage } from '../../../server/src/storage/sqlite/sqlite-storage';
import { ROUTES } from '../../../src-main/shared/gateway-api';
import { loadConfigFile } from '../../../server/src/config';
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

describe('a new CRL ends the open sessions of the cards it revokes', () => {
  let gw: TestGateway;
  let ca: TestCa;
  let alexCard: TestCardCertificate;
  let priyaCard: TestCardCertificate;
  let samCard: TestCardCertificate;
  let kioskA: GatewayTestClient;
  let kioskB: GatewayTestClient;
  const [alex, priya, sam] = DEMO_STAFF;
  const tokens: Record<string, string> = {};

  async function login(client: GatewayTestClient, card: TestCardCertificate): Promise<string> {
    const res = await cardLogin(client, card);
    expect(res.status, res.text).toBe(200);
    return res.body.sessionToken;
  }

  const useSession = (client: GatewayTestClient, token: string) => client.send({ method: 'GET', path: ROUTES.internetAccess, token });
  const sessionOf = (token: string) => gw.storage.sessions.findByTokenHash(hashSessionToken(token));

  async function eventuallyRevoked(token: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await sessionOf(token))?.revokedAt === null) {
      if (Date.now() > deadline) throw new Error('the session was not ended in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function replaceCrl(content: string): Promise<void> {
    writeFileSync(join(gw.dir, 'card.crl'), content);
    gw.clock.advance(31_000); // the files are looked at every 30 s at most
  }

  beforeAll(async () => {
    ca = await createTestCa({ commonName: 'ESR CRL Session Test CA' });
    const card = (who: (typeof DEMO_STAFF)[number] | undefined) =>
      issueCardCertificate(ca, { staffUuid: who!.id, commonName: who!.displayName, algorithm: 'p256', freshKey: true });
    [alexCard, priyaCard, samCard] = await Promise.all([card(alex), card(priya), card(sam)]);
    gw = await startTestGateway({
      cardTrustAnchors: [ca.certificatePem],
      crl: await crl(ca, [], new Date(Date.now() + 24 * HOUR)),
      staff: DEMO_STAFF,
      // Room for many logins and session uses from two kiosks.
      config: { rateLimits: { perDevice: { max: 1000, windowSeconds: 60 }, perAccount: { max: 1000, windowSeconds: 60 } } },
    });
    kioskA = gw.client(await gw.enrollDevice('ward-crl-a'));
    kioskB = gw.client(await gw.enrollDevice('ward-crl-b'));
    tokens.alexA = await login(kioskA, alexCard);
    tokens.alexB = await login(kioskB, alexCard);
    tokens.priya = await login(kioskA, priyaCard);
    tokens.sam = await login(kioskB, samCard);
  });
  afterAll(async () => {
    await gw.close();
  });

  it('keeps every session when the new CRL is not signed by the card CA', async () => {
    const impostor = await createTestCa({ commonName: 'ESR CRL Session Test CA' }); // same name, other key
    await replaceCrl(await crl(impostor, [alexCard.certificate.serialNumber], new Date(Date.now() + 24 * HOUR)));
    expect((await useSession(kioskA, tokens.alexA!)).status).toBe(200);
    expect(gw.logs.join('\n')).toContain('card trust anchors / CRL reloaded');
    expect((await sessionOf(tokens.alexB!))?.revokedAt).toBeNull();
  });

  it('refuses a revoked card session at its next use and ends its unused sessions by itself', async () => {
    await replaceCrl(await crl(ca, [alexCard.certificate.serialNumber], new Date(Date.now() + 24 * HOUR)));
    const refused = await useSession(kioskA, tokens.alexA!);
    expect(refused.status).toBe(401);
    expect(errorCode(refused)).toBe('SESSION_INVALID');
    expect(await sessionOf(tokens.alexA!)).toMatchObject({ revokedReason: 'certificate-revoked' });
    // Alex's session on the other kiosk was not used, and ends too.
    await eventuallyRevoked(tokens.alexB!);
    expect(await sessionOf(tokens.alexB!)).toMatchObject({ revokedReason: 'certificate-revoked' });
    expect((await useSession(kioskB, tokens.alexB!)).status).toBe(401);
    // Other people's sessions go on.
    expect((await useSession(kioskA, tokens.priya!)).status).toBe(200);
    expect((await useSession(kioskB, tokens.sam!)).status).toBe(200);
    const audit = await gw.storage.audit.list({ limit: 100_000 });
    const ended = audit.filter((row) => row.event === 'session-revoked' && row.reason === 'CERTIFICATE_REVOKED');
    expect(ended.map((row) => row.staffId)).toEqual([alex!.id]); // the sweep's (alexA ended at use)
    expect(audit.some((row) => row.event === 'session-use' && row.reason === 'SESSION_INVALID:certificate-revoked' && row.staffId === alex!.id)).toBe(true);
  });

  it('notices a new CRL without any request and ends the sessions it revokes', async () => {
    const swept = gw.logs.filter((line) => line.includes('ended the open sessions of revoked card certificates')).length;
    await replaceCrl(await crl(ca, [alexCard.certificate.serialNumber, priyaCard.certificate.serialNumber], new Date(Date.now() + 24 * HOUR)));
    await eventuallyRevoked(tokens.priya!); // the watcher looks at the files every few seconds
    expect(await sessionOf(tokens.priya!)).toMatchObject({ revokedReason: 'certificate-revoked' });
    expect(gw.logs.filter((line) => line.includes('ended the open sessions of revoked card certificates')).length).toBe(swept + 1);
    expect((await sessionOf(tokens.sam!))?.revokedAt).toBeNull();
    expect((await useSession(kioskB, tokens.sam!)).status).toBe(200);
  });

  it('ends them when a gateway starts with a CRL that revokes an open session', async () => {
    // A second gateway process on the same database, started after the CRL now also revokes Sam.
    writeFileSync(join(gw.dir, 'card.crl'), await crl(ca, [samCard.certificate.serialNumber], new Date(Date.now() + 24 * HOUR)));
    const config = loadConfigFile(gw.configFile);
    const storage = openSqliteStorage({ file: config.databaseFile, now: () => gw.clock.now() });
    const logs: string[] = [];
    const second = await buildApp({ config, storage, clock: gw.clock, logDestination: { write: (line: string) => void logs.push(line) } });
    try {
      await second.ready();
      const deadline = Date.now() + 10_000;
      while ((await storage.sessions.findByTokenHash(hashSessionToken(tokens.sam!)))?.revokedAt === null) {
        if (Date.now() > deadline) throw new Error('the starting gateway did not end the session');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await storage.sessions.findByTokenHash(hashSessionToken(tokens.sam!))).toMatchObject({ revokedReason: 'certificate-revoked' });
      expect(logs.join('\n')).toContain('ended the open sessions of revoked card certificates');
    } finally {
      await second.close();
    }
  });
});
