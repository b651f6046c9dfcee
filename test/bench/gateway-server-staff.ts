// Generated staff for the benchmark: bench.N@trust.nhs.uk, one date of birth.

import type { NewStaff } from '../../server/src/storage/types';

export function benchStaff(n: number): NewStaff {
  return {
    id: `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`,
    displayName: `Bench Person ${n}`,
    username: `2347${String(n).padStart(6, '0')}`,
    email: `bench.${n}@trust.nhs.uk`,
    dateOfBirth: '1984-03-21',
    status: 'active',
  };
}
