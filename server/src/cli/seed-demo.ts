// `server seed-demo`: the demo staff (test/fixtures/demo-staff.json, which the virtual cards
// also read) into the database, and the demo card CA into the card trust anchors.

import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ESR_USERNAME_PATTERN } from '../../../src-main/shared/gateway-api';
import { AuditWriter } from '../audit/writer';
import { hashPassword } from '../passwords/argon2';
import { PASSWORD_HISTORY } from '../passwords/password-service';
import { parseCertificates } from '../card-login/trust';
import { openConfiguredStorage } from '../storage/open-storage';
import type { NewStaff } from '../storage/types';
import { CONFIG_OPTION, CliError, configPath, loadConfig, parse, type CliCommand } from './common';

const DEFAULT_STAFF_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/demo-staff.json');

const DemoFileSchema = z.object({
  staff: z.array(
    z.object({
      uuid: z.guid(),
      displayName: z.string().min(1).max(200),
      username: z.string().regex(ESR_USERNAME_PATTERN),
      email: z.email(),
      dateOfBirth: z.iso.date(),
      status: z.enum(['active', 'inactive']),
      /** Demo value only: set as the first internet password when the person has none. */
      initialPassword: z.string().min(1).max(64).nullable().default(null),
    }),
  ),
});

export interface DemoStaff {
  readonly record: NewStaff;
  readonly initialPassword: string | null;
}

export function readDemoStaff(file: string): DemoStaff[] {
  const parsed = DemoFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new CliError(`${file}: ${z.prettifyError(parsed.error)}`);
  return parsed.data.staff.map((s) => ({
    record: {
      id: s.uuid.toLowerCase(),
      displayName: s.displayName,
      username: s.username,
      email: s.email.toLowerCase(),
      dateOfBirth: s.dateOfBirth,
      status: s.status,
    },
    initialPassword: s.initialPassword,
  }));
}

/** Copies the card CA next to the config and lists it as a trust anchor (once). */
export function addCardTrustAnchor(configFile: string, caFile: string): string {
  parseCertificates(readFileSync(caFile), caFile); // refuse anything that is not a certificate
  const target = `card-ca-${basename(caFile).replace(/[^A-Za-z0-9._-]/gu, '_')}`;
  copyFileSync(caFile, join(dirname(resolve(configFile)), target));
  const raw = JSON.parse(readFileSync(configFile, 'utf8')) as { cardTrust?: { anchorFiles?: string[] } };
  raw.cardTrust ??= {};
  raw.cardTrust.anchorFiles ??= [];
  if (!raw.cardTrust.anchorFiles.includes(target)) raw.cardTrust.anchorFiles.push(target);
  writeFileSync(configFile, `${JSON.stringify(raw, null, 2)}\n`);
  return target;
}

export const seedDemoCommand: CliCommand = {
  summary: 'load the demo staff and trust the demo card CA',
  usage: '--config <file> [--staff <demo-staff.json>] [--card-ca <pem>]...',
  async run(argv) {
    const v = parse(argv, { ...CONFIG_OPTION, staff: { type: 'string' }, 'card-ca': { type: 'string', multiple: true } });
    const file = configPath(v.config);
    for (const ca of v['card-ca'] ?? []) {
      const anchor = addCardTrustAnchor(file, ca);
      process.stdout.write(`card trust anchor: ${anchor}\n`);
    }
    const config = loadConfig(file); // validated after the edit
    const staff = readDemoStaff(v.staff ?? DEFAULT_STAFF_FILE);
    const storage = await openConfiguredStorage(config);
    try {
      const now = Date.now();
      // Hash outside the transaction (argon2 is slow on purpose); write everything in one.
      const hashes = new Map<string, string>();
      for (const s of staff) {
        if (s.initialPassword !== null) hashes.set(s.record.id, await hashPassword(s.initialPassword));
      }
      let passwordsSet = 0;
      await storage.transaction(async (repos) => {
        for (const s of staff) {
          await repos.staff.upsert(s.record, now);
          const hash = hashes.get(s.record.id);
          // Never overwrite a password someone has since chosen.
          if (hash !== undefined && (await repos.passwords.recent(s.record.id, 1)).length === 0) {
            await repos.passwords.add(s.record.id, hash, now, PASSWORD_HISTORY);
            passwordsSet++;
          }
        }
        await new AuditWriter(storage, Date.now).record(
          { event: 'seed-demo', outcome: 'success', details: { staff: staff.length, initialPasswords: passwordsSet } },
          repos,
        );
      });
    } finally {
      await storage.close();
    }
    process.stdout.write(`demo staff loaded: ${staff.length}\n`);
    return 0;
  },
};
