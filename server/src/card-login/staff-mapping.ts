// Which staff record a card certificate names: by default the subject serialNumber (2.5.4.5),
// which holds the staff UUID; configurable to a subjectAltName entry.

// @peculiar/x509 needs the Reflect metadata polyfill loaded before it, whoever imports this first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { StaffMapping } from '../config';
import type { Repositories } from '../storage/storage';
import type { StaffRecord } from '../storage/types';

const SUBJECT_SERIAL_NUMBER = '2.5.4.5';

/** The identifier the certificate carries for the configured mapping, or null. */
export function staffIdentifier(cert: x509.X509Certificate, mapping: StaffMapping): string | null {
  if (mapping.from === 'subjectSerialNumber') {
    const values = cert.subjectName.getField(SUBJECT_SERIAL_NUMBER);
    return values.length === 1 && values[0] !== undefined && values[0] !== '' ? values[0] : null;
  }
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension);
  const entries = san?.names.items.filter((n) => n.type === mapping.type) ?? [];
  return entries.length === 1 && entries[0] !== undefined ? entries[0].value : null;
}

export async function findStaffForCertificate(
  repos: Pick<Repositories, 'staff'>,
  cert: x509.X509Certificate,
  mapping: StaffMapping,
): Promise<StaffRecord | null> {
  const id = staffIdentifier(cert, mapping);
  if (id === null || id.length > 320) return null;
  if (mapping.from === 'subjectSerialNumber') return repos.staff.findById(id.toLowerCase());
  switch (mapping.matches) {
    case 'uuid':
      return repos.staff.findById(id.toLowerCase());
    case 'username':
      return repos.staff.findByUsername(id);
    case 'email':
      return repos.staff.findByEmail(id);
  }
}
