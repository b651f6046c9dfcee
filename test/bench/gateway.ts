// Gateway benchmark: the real gateway in a child process (HTTPS on loopback), autocannon in
// this one. Card logins (challenge + card-login per login, device-signed, full certificate path
// and card-signature checks), password resets (argon2id), recovery with known vs unknown
// accounts side by side, memory under load; SQLite, then one and two instances on PostgreSQL.

import autocannon, { type AutocannonRequest } from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { hashPassword } from '../../server/src/passwords/argon2';
import { evaluatePassword } from '../../src-main/shared/password-policy';
import { signDeviceRequest } from '../../src-main/core/device/request-signer';
import { ROUTES, type ChallengeResponse, type LoginResponse } from '../../src-main/shared/gateway-api';
import { createTestCa, issueCardCertificate, type TestCa, type TestCardCertificate } from '../support/pki/test-pki';
import { createTestDatabase } from '../support/postgres/test-database';
import { cardLoginBody } from '../support/server/card-login';
import { GatewayTestClient, type TestDevice } from '../support/server/client';
import { cpuSeconds, percentile, round, rssMiB, sampleRss, startTsChild, stopChild } from './lib';

const SERVER = 'test/bench/gateway-server.ts';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? '16');
const BENCH_STAFF = 3000;
/**
 * Distinct card certificates the SQLite card-login phase cycles through (default 1: the same
 * card every time, whose certificate path the gateway has cached). BENCH_CARDS=3000 is more than
 * the gateway's path cache holds (2,000), so every login builds its path: the cold case.
 */
const BENCH_CARDS = Number(process.env.BENCH_CARDS ?? '1');

interface Ready {
  port: number;
  caPem: string;
  dir: string;
  tokens: string[];
}

interface Instance {
  child: ChildProcess;
  ready: Ready;
}

export interface LoadFigures {
  /** CPU the load generator itself used, in cores (1.0 = one core busy for the whole run). */
  loadGeneratorCpu?: number;
  /** CPU the gateway process used (every thread: event loop, crypto pool, SQLite checkpoints), in cores. */
  gatewayCpu?: number;
  perSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  seconds: number;
}

export interface GatewayFigures {
  cardLogin: { sqlite: LoadFigures; postgresOne: LoadFigures; postgresTwo: LoadFigures };
  rssAtRestMiB: number;
  rssPeakUnderLoadMiB: number;
  passwordReset: LoadFigures & { argon2idHashMs: number; argon2Params: string };
  recovery: { known: LoadFigures; unknown: LoadFigures; perSecond: number };
  connections: number;
}

async function startInstance(spec: Record<string, unknown>): Promise<Instance> {
  const { child, ready } = await startTsChild(SERVER, { BENCH_GATEWAY: JSON.stringify(spec) });
  return { child, ready: ready as Ready };
}

function deviceHeaders(device: TestDevice, path: string, body: string | undefined): Record<string, string> {
  const headers: Record<string, string> = signDeviceRequest(device, { method: 'POST', pathWithQuery: path, body: body === undefined ? undefined : Buffer.from(body) });
  if (body !== undefined) headers['content-type'] = 'application/json';
  return headers;
}

/** Counts and times one kind of outcome measured by the request hooks. */
class Tally {
  readonly latencies: number[] = [];
  ok = 0;
  failed = 0;
  figures(seconds: number): LoadFigures {
    return {
      perSecond: round(this.ok / seconds, 0),
      p50: round(percentile(this.latencies, 50), 1),
      p99: round(percentile(this.latencies, 99), 1),
      ok: this.ok,
      failed: this.failed,
      seconds,
    };
  }
}

/** Card logins as the kiosk makes them: challenge, then card-login with the card's signature. */
function cardLoginRequests(devices: readonly TestDevice[], cards: readonly TestCardCertificate[], tally: Tally, presign: number): AutocannonRequest[] {
  let next = 0;
  let nextCard = 0;
  // Challenge requests carry no card data: pre-sign them before the clock starts (round-robin
  // over devices), so the load generator spends its time sending, not signing.
  const presigned: { device: TestDevice; headers: Record<string, string> }[] = [];
  const refill = (count: number): void => {
    for (let i = 0; i < count; i++) {
      const device = devices[(next + i) % devices.length]!;
      presigned.push({ device, headers: deviceHeaders(device, ROUTES.challenge, undefined) });
    }
    next += count;
  };
  refill(presign);
  return [
    {
      method: 'POST',
      path: ROUTES.challenge,
      setupRequest(request, context) {
        if (presigned.length === 0) refill(500);
        const item = presigned.pop()!;
        context.device = item.device;
        context.t0 = performance.now();
        return { ...request, headers: item.headers };
      },
      onResponse(status, body, context) {
        if (status === 200) context.challenge = JSON.parse(body) as ChallengeResponse;
        else tally.failed++;
      },
    },
    {
      method: 'POST',
      path: ROUTES.cardLogin,
      setupRequest(request, context) {
        const challenge = context.challenge as ChallengeResponse | undefined;
        if (challenge === undefined) return null;
        const device = context.device as TestDevice;
        const card = cards[nextCard++ % cards.length]!;
        const body = JSON.stringify(cardLoginBody(card, challenge, device));
        return { ...request, body, headers: deviceHeaders(device, ROUTES.cardLogin, body) };
      },
      onResponse(status, _body, context) {
        if (status === 200) {
          tally.ok++;
          tally.latencies.push(performance.now() - (context.t0 as number));
        } else tally.failed++;
      },
    },
  ];
}

async function enrollDevices(instance: Instance, count: number): Promise<TestDevice[]> {
  const client = new GatewayTestClient({ port: instance.ready.port, caPem: instance.ready.caPem, now: Date.now });
  const devices: TestDevice[] = [];
  for (let i = 0; i < count; i++) devices.push(await client.enroll(instance.ready.tokens[i]!, `bench-kiosk-${i}`));
  client.close();
  return devices;
}

async function cardLoginLoad(ports: readonly number[], devices: readonly TestDevice[], cards: readonly TestCardCertificate[], seconds: number): Promise<LoadFigures> {
  const tally = new Tally();
  const plans = ports.map(() => cardLoginRequests(devices, cards, tally, Math.ceil((2500 * seconds) / ports.length)));
  const cpu = process.cpuUsage();
  await Promise.all(
    ports.map((port, i) =>
      autocannon({
        url: `https://127.0.0.1:${port}`,
        servername: 'localhost',
        connections: Math.max(1, Math.floor(CONNECTIONS / ports.length)),
        duration: seconds,
        timeout: 10,
        requests: plans[i]!,
      }),
    ),
  );
  const used = process.cpuUsage(cpu);
  return { ...tally.figures(seconds), loadGeneratorCpu: round((used.user + used.system) / 1e6 / seconds, 2) };
}

function validPassword(username: string): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';
  for (;;) {
    const bytes = randomBytes(10);
    const candidate = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
    if (evaluatePassword(candidate, { username }).ok) return candidate;
  }
}

async function passwordResetLoad(instance: Instance, ca: TestCa, devices: readonly TestDevice[], seconds: number): Promise<LoadFigures> {
  // One session per staff member (a reset ends that person's other sessions), card-logged-in.
  const client = new GatewayTestClient({ port: instance.ready.port, caPem: instance.ready.caPem, now: Date.now });
  const { benchStaff } = await import('./gateway-server-staff');
  const sessions: { token: string; device: TestDevice; username: string; busy: boolean }[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const staff = benchStaff(i);
    const card = await issueCardCertificate(ca, { staffUuid: staff.id, commonName: staff.displayName, algorithm: 'p256' });
    const device = devices[i % devices.length]!;
    const c = client.withDevice(device);
    const challenge = await c.send<ChallengeResponse>({ path: ROUTES.challenge });
    const login = await c.send<LoginResponse>({ path: ROUTES.cardLogin, body: cardLoginBody(card, challenge.body, device) });
    if (login.status !== 200) throw new Error(`bench login failed: ${login.text}`);
    sessions.push({ token: login.body.sessionToken, device, username: staff.username, busy: false });
  }
  client.close();
  const tally = new Tally();
  await autocannon({
    url: `https://127.0.0.1:${instance.ready.port}`,
    servername: 'localhost',
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: ROUTES.internetAccessPassword,
        setupRequest(request, context) {
          const session = sessions.find((s) => !s.busy);
          if (session === undefined) return null;
          session.busy = true;
          context.session = session;
          const body = JSON.stringify({ newPassword: validPassword(session.username) });
          context.t0 = performance.now();
          return { ...request, body, headers: { ...deviceHeaders(session.device, ROUTES.internetAccessPassword, body), authorization: `Bearer ${session.token}` } };
        },
        onResponse(status, _body, context) {
          (context.session as { busy: boolean }).busy = false;
          if (status === 204) {
            tally.ok++;
            tally.latencies.push(performance.now() - (context.t0 as number));
          } else tally.failed++;
        },
      },
    ],
  });
  return tally.figures(seconds);
}

async function recoveryLoad(instance: Instance, devices: readonly TestDevice[], seconds: number): Promise<{ known: LoadFigures; unknown: LoadFigures; perSecond: number }> {
  const known = new Tally();
  const unknown = new Tally();
  let n = 0;
  await autocannon({
    url: `https://127.0.0.1:${instance.ready.port}`,
    servername: 'localhost',
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: ROUTES.recoveryUsername,
        setupRequest(request, context) {
          const i = n++;
          // Alternate known and unknown addresses so both see the same load.
          const isKnown = i % 2 === 0;
          const email = isKnown ? `bench.${(i / 2) % BENCH_STAFF}@trust.nhs.uk` : `nobody.${randomBytes(6).toString('hex')}@trust.nhs.uk`;
          const body = JSON.stringify({ email, dateOfBirth: '1984-03-21' });
          context.kind = isKnown ? known : unknown;
          context.t0 = performance.now();
          return { ...request, body, headers: deviceHeaders(devices[i % devices.length]!, ROUTES.recoveryUsername, body) };
        },
        onResponse(status, _body, context) {
          const tally = context.kind as Tally;
          if (status === 202) {
            tally.ok++;
            tally.latencies.push(performance.now() - (context.t0 as number));
          } else tally.failed++;
        },
      },
    ],
  });
  const k = known.figures(seconds);
  const u = unknown.figures(seconds);
  return { known: k, unknown: u, perSecond: round(k.perSecond + u.perSecond, 0) };
}

async function argon2Cost(): Promise<number> {
  await hashPassword('warm-up-1A');
  const start = performance.now();
  const runs = 20;
  for (let i = 0; i < runs; i++) await hashPassword(`Bench${i}pw9x`);
  return round((performance.now() - start) / runs, 1);
}

export async function runGatewayBench(log: (line: string) => void, seconds = 8, sqliteLoginsOnly = false): Promise<GatewayFigures> {
  const ca = await createTestCa({ commonName: 'ESR Bench Card CA' });
  const { DEMO_STAFF } = await import('../support/server/demo-staff');
  const alex = DEMO_STAFF[0]!;
  const card = await issueCardCertificate(ca, { staffUuid: alex.id, commonName: alex.displayName, algorithm: 'p256' });
  const argon2idHashMs = await argon2Cost();

  log('gateway: SQLite, one instance');
  const sqlite = await startInstance({ storage: 'sqlite', anchorPem: ca.certificatePem, seed: true, staff: BENCH_STAFF });
  let figures: Omit<GatewayFigures, 'cardLogin'> & { cardLogin: Partial<GatewayFigures['cardLogin']> };
  try {
    const devices = await enrollDevices(sqlite, 4);
    const rssAtRestMiB = round(rssMiB(sqlite.child.pid!), 0);
    const sampler = sampleRss(sqlite.child.pid!);
    const gatewayCpuBefore = cpuSeconds(sqlite.child.pid!);
    const cards = [card];
    while (cards.length < BENCH_CARDS) cards.push(await issueCardCertificate(ca, { staffUuid: alex.id, commonName: alex.displayName, algorithm: 'p256' }));
    if (BENCH_CARDS > 1) log(`  ${cards.length} distinct card certificates`);
    const sqliteLogins = await cardLoginLoad([sqlite.ready.port], devices, cards, seconds);
    sqliteLogins.gatewayCpu = round((cpuSeconds(sqlite.child.pid!) - gatewayCpuBefore) / seconds, 2);
    log(`  card logins ${JSON.stringify(sqliteLogins)}`);
    if (sqliteLoginsOnly) return { cardLogin: { sqlite: sqliteLogins } } as GatewayFigures;
    const reset = await passwordResetLoad(sqlite, ca, devices, Math.max(4, seconds - 2));
    log(`  password resets ${JSON.stringify(reset)}`);
    const recovery = await recoveryLoad(sqlite, devices, Math.max(4, seconds - 2));
    log(`  recovery ${JSON.stringify(recovery)}`);
    const rssPeakUnderLoadMiB = round(sampler.stop(), 0);
    figures = {
      cardLogin: { sqlite: sqliteLogins },
      rssAtRestMiB,
      rssPeakUnderLoadMiB,
      passwordReset: { ...reset, argon2idHashMs, argon2Params: 'm=19456 KiB, t=2, p=1' },
      recovery,
      connections: CONNECTIONS,
    };
  } finally {
    await stopChild(sqlite.child);
  }

  log('gateway: PostgreSQL, one then two instances');
  const database = await createTestDatabase('esr_bench');
  const first = await startInstance({ storage: 'postgres', url: database.url, anchorPem: ca.certificatePem, seed: true, staff: 20 });
  let second: Instance | undefined;
  try {
    const devices = await enrollDevices(first, 4);
    figures.cardLogin.postgresOne = await cardLoginLoad([first.ready.port], devices, [card], seconds);
    log(`  one instance ${JSON.stringify(figures.cardLogin.postgresOne)}`);
    second = await startInstance({ storage: 'postgres', url: database.url, dir: first.ready.dir, anchorPem: ca.certificatePem, seed: false, staff: 0 });
    figures.cardLogin.postgresTwo = await cardLoginLoad([first.ready.port, second.ready.port], devices, [card], seconds);
    log(`  two instances ${JSON.stringify(figures.cardLogin.postgresTwo)}`);
  } finally {
    if (second) await stopChild(second.child);
    await stopChild(first.child);
    await database.drop();
  }
  return figures as GatewayFigures;
}
