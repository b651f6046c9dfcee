// The demo staff's initial internet passwords (test/fixtures/demo-staff.json), stored the way
// the gateway stores any password (argon2id, in the password history).
import demo from '../../fixtures/demo-staff.json';
import type { AccountsStorage } from '../../../server/src/passwords/accounts-storage';
import { hashPassword } from '../../../server/src/passwords/argon2';
import { PASSWORD_HISTORY } from '../../../server/src/passwords/password-service';
import type { TestGateway } from '../server/gateway';

export async function seedDemoPasswords(gateway: TestGateway): Promise<void> {
  const storage = gateway.storage as unknown as AccountsStorage;
  for (const s of demo.staff) {
    if (s.initialPassword === null) continue;
    await storage.passwords.add(s.uuid, await hashPassword(s.initialPassword), gateway.clock.now(), PASSWORD_HISTORY);
  }
}
