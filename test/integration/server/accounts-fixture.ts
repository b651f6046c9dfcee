// A real gateway (HTTPS, SQLite file) with the accounts routes, the demo staff, an enrolled
// device and a real SMTP catcher, for the accounts integration tests.

import { readFileSync } from 'node:fs';
import type { GatewayConfigInput } from '../../../server/src/config';
import { hashPassword } from '../../../server/src/passwords/argon2';
import type { NewStaff } from '../../../server/src/storage/types';
import type { LoginResponse } from '../../../src-main/shared/gateway-api';
import { ROUTES } from '../../../src-main/shared/gateway-api';
import type { GatewayTestClient, TestDevice, TestResponse } from '../../support/server/client';
import { startTestGateway, type TestGateway } from '../../support/server/gateway';
import { SmtpCatcher } from '../../support/smtp/smtp-catcher';

export interface DemoPerson extends NewStaff {
  readonly initialPassword: string | null;
}

export const DEMO_STAFF: readonly DemoPerson[] = (
  JSON.parse(readFileSync(new URL('../../fixtures/demo-staff.json', import.meta.url), 'utf8')) as {
    staff: { uuid: string; displayName: string; username: string; email: string; dateOfBirth: string; status: 'active' | 'inactive'; initialPassword: string | null }[];
  }
).staff.map((s) => ({ id: s.uuid, displayName: s.displayName, username: s.username, email: s.email, dateOfBirth: s.dateOfBirth, status: s.status, initialPassword: s.initialPassword }));

export function person(username: string): DemoPerson {
  const found = DEMO_STAFF.find((s) => s.username === username);
  if (found === undefined) throw new Error(`no demo person ${username}`);
  return found;
}

export interface AccountsHarness {
  readonly gw: TestGateway;
  readonly smtp: SmtpCatcher;
  readonly device: TestDevice;
  /** Signs with the enrolled device. */
  readonly kiosk: GatewayTestClient;
  /** Unsigned, like a browser opening a reset link. */
  readonly browser: GatewayTestClient;
  setPasswordDirectly(staffId: string, password: string): Promise<void>;
  login(username: string, password: string): Promise<TestResponse<LoginResponse>>;
  close(): Promise<void>;
}

export async function startAccountsHarness(config: Partial<GatewayConfigInput> = {}): Promise<AccountsHarness> {
  const smtp = await SmtpCatcher.start();
  const gw = await startTestGateway({
    staff: DEMO_STAFF.map(({ initialPassword: _p, ...s }) => s),
    config: {
      ...config,
      mail: { smtpUrl: smtp.url, from: 'ESR internet access <no-reply@esr.test>', pollSeconds: 0.05, baseBackoffSeconds: 0.05, maxBackoffSeconds: 0.5, ...(config.mail ?? {}) },
    },
  });
  const device = await gw.enrollDevice();
  const kiosk = gw.client(device);
  const browser = gw.client();
  const harness: AccountsHarness = {
    gw,
    smtp,
    device,
    kiosk,
    browser,
    async setPasswordDirectly(staffId, password) {
      await gw.storage.passwords.add(staffId, await hashPassword(password), gw.clock.now(), 5);
    },
    login(username, password) {
      return kiosk.send<LoginResponse>({ path: ROUTES.passwordLogin, body: { username, password } });
    },
    async close() {
      await gw.close();
      await smtp.stop();
    },
  };
  for (const s of DEMO_STAFF) if (s.initialPassword !== null) await harness.setPasswordDirectly(s.id, s.initialPassword);
  return harness;
}

/** Every place a secret must never appear: log lines, audit rows and (optionally) mails. */
export async function secretSurfaces(h: AccountsHarness): Promise<{ logs: string; audit: string; mails: string }> {
  const audit = JSON.stringify(await h.gw.storage.audit.list({ limit: 100_000 }));
  const mails = h.smtp.messages.map((m) => m.raw).join('\n');
  return { logs: h.gw.logs.join('\n'), audit, mails };
}

/** The reset token from the newest reset-link mail to `to`. */
export function resetTokenFrom(smtp: SmtpCatcher, to: string): string {
  const mail = smtp.messages.filter((m) => m.to.includes(to) && m.subject.startsWith('Set your')).at(-1);
  const token = /\/reset\/([A-Za-z0-9_-]{43})/u.exec(mail?.text ?? '')?.[1];
  if (token === undefined) throw new Error('no reset link mail');
  return token;
}
