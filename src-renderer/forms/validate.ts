// Pure checks for the local forms, returning message keys (the screen turns them into words).

import { INPUT_LIMITS } from '../../src-main/shared/ipc-contract';

export interface DateParts {
  readonly day: string;
  readonly month: string;
  readonly year: string;
}

export type DateProblem =
  | { readonly kind: 'empty' }
  | { readonly kind: 'missing'; readonly part: keyof DateParts }
  | { readonly kind: 'real'; readonly part: keyof DateParts | null }
  | { readonly kind: 'past' };

/**
 * Date of birth as three fields (NHS date input pattern) → ISO `YYYY-MM-DD`, or the first
 * problem in the NHS order: empty, a missing part, not a real date, not in the past.
 */
export function parseDateOfBirth(parts: DateParts, today: Date = new Date()): { iso: string } | DateProblem {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  if (!day && !month && !year) return { kind: 'empty' };
  if (!day) return { kind: 'missing', part: 'day' };
  if (!month) return { kind: 'missing', part: 'month' };
  if (!year) return { kind: 'missing', part: 'year' };
  if (!/^\d{1,2}$/.test(day)) return { kind: 'real', part: 'day' };
  if (!/^\d{1,2}$/.test(month)) return { kind: 'real', part: 'month' };
  if (!/^\d{4}$/.test(year)) return { kind: 'real', part: 'year' };
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  if (m < 1 || m > 12) return { kind: 'real', part: 'month' };
  const date = new Date(Date.UTC(y, m - 1, d));
  if (d < 1 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || y < 1900) {
    return { kind: 'real', part: null };
  }
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  if (date.getTime() >= todayUtc) return { kind: 'past' };
  return { iso: `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/** A deliberately loose email check (one @, a dot in the domain, no spaces): the gateway decides. */
export function checkEmail(email: string): 'empty' | 'invalid' | null {
  const value = email.trim();
  if (!value) return 'empty';
  if (value.length > INPUT_LIMITS.emailMax || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return 'invalid';
  return null;
}
