// What the "Manage Internet Access" screen shows: username, when the password last changed,
// and whether internet access is usable.

import type { InternetAccessResponse, InternetAccessStatus } from '../../../src-main/shared/gateway-api';
import { ApiError } from '../errors';
import type { AccountsStorage } from '../passwords/accounts-storage';

export async function internetAccessFor(storage: AccountsStorage, staffId: string): Promise<InternetAccessResponse> {
  const staff = await storage.staff.findById(staffId);
  if (staff === null) throw new ApiError('SESSION_INVALID', 'Sign in again.');
  const current = (await storage.passwords.recent(staffId, 1))[0];
  let status: InternetAccessStatus;
  if (staff.status !== 'active') status = 'disabled';
  else if (staff.lockedAt !== null) status = 'locked';
  else if (current === undefined) status = 'no-password';
  else status = 'active';
  return {
    username: staff.username,
    passwordChangedAt: current === undefined ? null : new Date(current.createdAt).toISOString(),
    status,
  };
}
