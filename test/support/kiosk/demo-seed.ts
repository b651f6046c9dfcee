// The demo staff (test/fixtures/demo-staff.json) for a gateway: their records, and their
// initial internet passwords stored the way the gateway stores any password (argon2id, in the
// password history). Read with fs, not a JSON import, so Playwright's ESM loader takes it too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { AccountsStorage } from '../../../server/src/passwords/accounts-storage';
import { hashPassword } from '../../../server/src/passwords/argon2';
import { PASSWORD_HISTORY } from '../../../server/src/passwords/password-service';
import type { NewStaff } from '../../../server/src/storage/types';
import type { TestGateway } from '../server/gateway';

interface DemoStaffJson {
  readonly staff: readonly {
    readonly uuid: string;
    readonly displayName: string;
    readonly username: string;
    readonly email: string;
    readonly dateOfBirth: string;
    readonly status: string;
    readonly initialPassword: string | null;
  }[];
}

export const DEMO_STAFF_JSON = path.resolve(import.meta.dirname, '../../fixtures/demo-staff.json');

function demoStaffJson(): DemoStaffJson {
  return JSON.parse(readFileSync(DEMO_STAFF_JSON, 'utf8')) as DemoStaffJson;
}

export function demoStaffRecords(): NewStaff[] {
  return demoStaffJson().staff.map((s) => ({
    id: s.uuid,
    displayName: s.displayName,
    username: s.username,
    email: s.email,
    dateOfBirth: s.dateOfBirth,
    status: s.status === 'active' ? 'active' : 'inactive',
  }));
}

export async function seedDemoPasswords(gateway: TestGateway): Promise<void> {
  const storage = gateway.storage as unknown as AccountsStorage;
  for (const s of demoStaffJson().staff) {
    if (s.initialPassword === null) continue;
    await storage.passwords.add(s.uuid, await hashPassword(s.initialPassword), gateway.clock.now(), PASSWORD_HISTORY);
  }
}
