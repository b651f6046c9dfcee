// Card logins per second through the real gateway: HTTPS on loopback (keep-alive), a real SQLite
// file in WAL mode, device-signed requests, full certificate path validation and the card's
// signature check. Each login is two requests (challenge + card-login). Bounded in time.
// Run: npx tsx test/bench/gateway-card-login.ts [seconds-per-case=4]

import { performance } from 'node:perf_hooks';
import { createTestCa, issueCardCertificate } from '../support/pki/test-pki';
import { cardLogin } from '../support/server/card-login';
import { startTestGateway } from '../support/server/gateway';
import { DEMO_STAFF } from '../support/server/demo-staff';
import { ROUTES } from '../../src-main/shared/gateway-api';
import type { GatewayTestClient, TestRequest } from '../support/server/client';

const SECONDS = Number(process.argv[2] ?? '4');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const ca = await createTestCa({ commonName: 'Bench Card CA' });
  const alex = DEMO_STAFF[0]!;
  const cards = {
    p256: await issueCardCertificate(ca, { staffUuid: alex.id, commonName: alex.displayName, algorithm: 'p256' }),
    rsa2048: await issueCardCertificate(ca, { staffUuid: alex.id, commonName: alex.displayName, algorithm: 'rsa2048' }),
  };
  const gw = await startTestGateway({
    cardTrustAnchors: [ca.certificatePem],
    staff: DEMO_STAFF,
    config: {
      logLevel: 'warn',
      rateLimits: {
        perAddress: { max: 1_000_000, windowSeconds: 60 },
        perDevice: { max: 1_000_000, windowSeconds: 60 },
        perAccount: { max: 1_000_000, windowSeconds: 60 },
      },
    },
  });
  const rows: string[] = [];
  // Enrollment is rate-limited per address (10/min): enroll the devices once and reuse them.
  const devices = [];
  for (let i = 0; i < 8; i++) devices.push(await gw.enrollDevice(`bench-${i}`));
  /** Sequential requests per second for `seconds`. */
  async function rate(client: GatewayTestClient, req: TestRequest, seconds: number): Promise<number> {
    let n = 0;
    const end = performance.now() + seconds * 1000;
    const t0 = performance.now();
    while (performance.now() < end) {
      const res = await client.send(req);
      if (res.status !== 200) throw new Error(`unexpected ${res.status}`);
      n++;
    }
    return n / ((performance.now() - t0) / 1000);
  }
  try {
    // What device signing costs a request: unsigned health vs a signed (and audited) challenge.
    const signed = gw.client(devices[0]);
    const health = await rate(signed, { method: 'GET', path: ROUTES.health, device: null }, SECONDS / 2);
    const challenge = await rate(signed, { path: ROUTES.challenge }, SECONDS / 2);
    rows.push(`GET /v1/health (unsigned): ${health.toFixed(0)} req/s; POST challenge (device-signed, nonce + challenge + audit rows): ${challenge.toFixed(0)} req/s`);
    signed.close();
    for (const [name, card] of Object.entries(cards)) {
      for (const concurrency of [1, 8]) {
        const clients = devices.slice(0, concurrency).map((d) => gw.client(d));
        const latencies: number[] = [];
        let failures = 0;
        const end = performance.now() + SECONDS * 1000;
        const started = performance.now();
        await Promise.all(
          clients.map(async (client) => {
            while (performance.now() < end) {
              const t0 = performance.now();
              const res = await cardLogin(client, card);
              latencies.push(performance.now() - t0);
              if (res.status !== 200) failures++;
            }
          }),
        );
        const elapsed = (performance.now() - started) / 1000;
        latencies.sort((a, b) => a - b);
        rows.push(
          `${name.padEnd(8)} concurrency ${String(concurrency).padStart(2)}: ${(latencies.length / elapsed).toFixed(0).padStart(5)} logins/s, ` +
            `p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, ` +
            `${latencies.length} logins, ${failures} failed`,
        );
        for (const c of clients) c.close();
      }
    }
  } finally {
    await gw.close();
  }
  console.log(`gateway card login (challenge + login over HTTPS, SQLite WAL), ${SECONDS} s per case, node ${process.version}`);
  for (const row of rows) console.log(row);
}

void main();
