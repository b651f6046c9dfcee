// Virtual cards for the demo staff in test/fixtures/demo-staff.json, issued by one test CA.
// Used by the demo, the E2E tests and the card CLI.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestCa, issueCardCertificate, type TestCa, type TestCardCertificate } from '../pki/test-pki';
import { VirtualPivCard } from './piv-card';

export interface DemoStaffMember {
  readonly uuid: string;
  readonly displayName: string;
  readonly username: string;
  readonly status: string;
  readonly card: { readonly algorithm: 'rsa2048' | 'p256'; readonly pin: string } | null;
}

export const DEMO_STAFF_FILE = join(import.meta.dirname, '../../fixtures/demo-staff.json');

export function loadDemoStaff(file = DEMO_STAFF_FILE): DemoStaffMember[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { staff: DemoStaffMember[] };
  return parsed.staff;
}

export interface DemoCard {
  readonly staff: DemoStaffMember;
  readonly certificate: TestCardCertificate;
  /** A fresh card (full tries, not verified) each call, same key and certificate. */
  makeCard(options?: { compressCertificate?: boolean; sp80073v3?: boolean }): VirtualPivCard;
}

export async function createDemoCards(options: { ca?: TestCa; file?: string } = {}): Promise<{ ca: TestCa; cards: DemoCard[] }> {
  const ca = options.ca ?? (await createTestCa({ commonName: 'ESR Kiosk Demo Card CA' }));
  const cards: DemoCard[] = [];
  for (const staff of loadDemoStaff(options.file)) {
    const spec = staff.card;
    if (!spec) continue;
    const certificate = await issueCardCertificate(ca, {
      staffUuid: staff.uuid,
      commonName: staff.displayName,
      algorithm: spec.algorithm,
    });
    const guid = Buffer.from(staff.uuid.replace(/-/g, ''), 'hex');
    cards.push({
      staff,
      certificate,
      makeCard: (o = {}) =>
        new VirtualPivCard({
          certificateDer: certificate.certificateDer,
          privateKey: certificate.privateKey,
          algorithm: spec.algorithm,
          pin: spec.pin,
          guid,
          label: `${staff.displayName} (virtual)`,
          ...(o.compressCertificate !== undefined ? { compressCertificate: o.compressCertificate } : {}),
          ...(o.sp80073v3 !== undefined ? { sp80073v3: o.sp80073v3 } : {}),
        }),
    });
  }
  return { ca, cards };
}
