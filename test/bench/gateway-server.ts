// One gateway instance for the benchmark, in its own process so the load generator (autocannon,
// in the parent) never shares its event loop. Real HTTPS, real storage (SQLite WAL file or
// PostgreSQL), the real app. Started by test/bench/gateway.ts; prints one JSON line when ready.
//   env BENCH_GATEWAY = JSON { dir?, storage: 'sqlite' | 'postgres', url?, anchorPem, seed: boolean, staff: number }

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../server/src/app';
import { loadConfigFile } from '../../server/src/config';
import { createEnrollmentToken } from '../../server/src/device/enrollment';
import { openConfiguredStorage } from '../../server/src/storage/open-storage';
import { benchStaff } from './gateway-server-staff';
import { writeTestGatewayFiles } from '../support/server/gateway';
import { DEMO_STAFF } from '../support/server/demo-staff';

interface ServerSpec {
  readonly dir?: string;
  readonly storage: 'sqlite' | 'postgres';
  readonly url?: string;
  readonly anchorPem: string;
  readonly seed: boolean;
  readonly staff: number;
}


const UNLIMITED = { max: 100_000_000, windowSeconds: 60 };

async function main(): Promise<void> {
  const spec = JSON.parse(process.env.BENCH_GATEWAY ?? '{}') as ServerSpec;
  let configFile: string;
  let caPem: string;
  if (spec.dir === undefined) {
    const files = await writeTestGatewayFiles({
      cardTrustAnchors: [spec.anchorPem],
      config: {
        logLevel: 'warn',
        rateLimits: { perAddress: UNLIMITED, perDevice: UNLIMITED, perAccount: UNLIMITED },
        ...(spec.storage === 'postgres' ? { storage: { kind: 'postgres', url: spec.url, poolMax: 10 } } : {}),
      },
    });
    configFile = files.configFile;
    caPem = files.caPem;
  } else {
    configFile = join(spec.dir, 'config.json');
    caPem = readFileSync(join(spec.dir, 'tls-ca.pem'), 'utf8');
  }
  const config = loadConfigFile(configFile);
  const storage = await openConfiguredStorage(config);
  const tokens: string[] = [];
  const app = await buildApp({ config, storage, logDestination: { write: () => undefined } });
  if (spec.seed) {
    const now = Date.now();
    await storage.transaction(async (repos) => {
      for (const s of DEMO_STAFF) await repos.staff.upsert(s, now);
      for (let i = 0; i < spec.staff; i++) await repos.staff.upsert(benchStaff(i), now);
    });
    for (let i = 0; i < 8; i++) {
      const issued = await createEnrollmentToken(storage, app.gateway.audit, { label: `bench ${i}`, ttlMs: 3600_000, now });
      tokens.push(issued.token);
    }
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const dir = join(configFile, '..');
  writeFileSync(join(dir, 'ready'), String(port));
  process.stdout.write(`${JSON.stringify({ port, caPem, dir, tokens })}\n`);
  const stop = (): void => {
    void app.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main().catch((error: unknown) => {
  process.stderr.write(`bench gateway failed: ${String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
