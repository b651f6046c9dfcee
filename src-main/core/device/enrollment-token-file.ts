// The MSI property ENROLLMENT_TOKEN reaches the kiosk's first start through a one-time file:
// the MSI (running as SYSTEM) writes %ProgramData%\ESR Kiosk\enrollment.ini with
//   [Enrollment]
//   Token=<token>
// (an IniFile row, no custom-action code; see native/windows/installer/). The kiosk, running
// as the kiosk account whose credential vault must hold the key, enrols with it and deletes
// the file. The token is single use at the gateway, so a copy that could not be deleted is
// worthless; while the gateway cannot be reached the file stays and the next start retries;
// a token the gateway refuses is deleted.

import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { CredentialStore } from '../credentials/credential-store';
import { enrollDevice, isEnrolled, type PostEnroll } from './enrollment';

export function enrollmentTokenFile(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>): string {
  if (platform === 'win32') {
    const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
    return path.win32.join(programData, 'ESR Kiosk', 'enrollment.ini');
  }
  return '/etc/esr-kiosk/enrollment.ini';
}

/** The token in an `[Enrollment] Token=` INI text, or null. Section and key are case-insensitive. */
export function parseEnrollmentIni(text: string): string | null {
  let inSection = false;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      inSection = section[1]?.trim().toLowerCase() === 'enrollment';
      continue;
    }
    const eq = line.indexOf('=');
    if (inSection && eq > 0 && line.slice(0, eq).trim().toLowerCase() === 'token') {
      const value = line.slice(eq + 1).trim();
      return value === '' ? null : value;
    }
  }
  return null;
}

export type FirstStartEnrollment =
  | { readonly outcome: 'no-token' }
  | { readonly outcome: 'already-enrolled' }
  | { readonly outcome: 'enrolled'; readonly deviceId: string }
  | { readonly outcome: 'failed'; readonly error: unknown };

export interface FirstStartOptions {
  readonly file: string;
  readonly store: CredentialStore;
  readonly hostname: string;
  readonly postEnroll: PostEnroll;
}

async function removeQuietly(file: string): Promise<void> {
  // The kiosk account may lack delete rights on a file SYSTEM wrote; the token is one-time.
  await rm(file, { force: true }).catch(() => undefined);
}

export async function enrollFromTokenFile(options: FirstStartOptions): Promise<FirstStartEnrollment> {
  let text: string;
  try {
    text = await readFile(options.file, 'utf8');
  } catch {
    return { outcome: 'no-token' };
  }
  if (await isEnrolled(options.store)) {
    await removeQuietly(options.file);
    return { outcome: 'already-enrolled' };
  }
  const token = parseEnrollmentIni(text);
  if (token === null) {
    await removeQuietly(options.file);
    return { outcome: 'no-token' };
  }
  try {
    const { deviceId } = await enrollDevice({ token, store: options.store, hostname: options.hostname, postEnroll: options.postEnroll });
    await removeQuietly(options.file);
    return { outcome: 'enrolled', deviceId };
  } catch (error) {
    // A token the gateway refused will never work: drop it. Anything else (gateway down) retries.
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'ENROLLMENT_TOKEN_INVALID' || code === 'ENROLLMENT_TOKEN_FORMAT') await removeQuietly(options.file);
    return { outcome: 'failed', error };
  }
}
