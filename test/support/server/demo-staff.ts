// The demo staff (test/fixtures/demo-staff.json) as gateway staff records.

import demo from '../../fixtures/demo-staff.json';
import type { NewStaff } from '../../../server/src/storage/types';

export const DEMO_STAFF: readonly NewStaff[] = demo.staff.map((s) => ({
  id: s.uuid,
  displayName: s.displayName,
  username: s.username,
  email: s.email,
  dateOfBirth: s.dateOfBirth,
  status: s.status === 'active' ? 'active' : 'inactive',
}));
