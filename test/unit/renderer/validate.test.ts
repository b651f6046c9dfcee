import { describe, expect, it } from 'vitest';
import { checkEmail, parseDateOfBirth } from '../../../src-renderer/forms/validate';

const today = new Date(2026, 10, 25);
const dob = (day: string, month: string, year: string) => parseDateOfBirth({ day, month, year }, today);

describe('parseDateOfBirth (NHS date input pattern)', () => {
  it('gives an ISO date for a real past date', () => {
    expect(dob('5', '3', '1984')).toEqual({ iso: '1984-03-05' });
    expect(dob(' 29 ', '02', '1988')).toEqual({ iso: '1988-02-29' });
  });
  it('names the first missing part', () => {
    expect(dob('', '', '')).toEqual({ kind: 'empty' });
    expect(dob('', '3', '1984')).toEqual({ kind: 'missing', part: 'day' });
    expect(dob('5', '', '1984')).toEqual({ kind: 'missing', part: 'month' });
    expect(dob('5', '3', '')).toEqual({ kind: 'missing', part: 'year' });
  });
  it('refuses dates that do not exist', () => {
    expect(dob('29', '2', '1987')).toEqual({ kind: 'real', part: null });
    expect(dob('31', '4', '1990')).toEqual({ kind: 'real', part: null });
    expect(dob('5', '13', '1990')).toEqual({ kind: 'real', part: 'month' });
    expect(dob('x', '1', '1990')).toEqual({ kind: 'real', part: 'day' });
    expect(dob('5', '1', '84')).toEqual({ kind: 'real', part: 'year' });
    expect(dob('0', '1', '1990')).toEqual({ kind: 'real', part: null });
  });
  it('refuses today and the future', () => {
    expect(dob('25', '11', '2026')).toEqual({ kind: 'past' });
    expect(dob('1', '1', '2030')).toEqual({ kind: 'past' });
    expect(dob('24', '11', '2026')).toEqual({ iso: '2026-11-24' });
  });
});

describe('checkEmail', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['alex', 'invalid'],
    ['alex@nhs', 'invalid'],
    ['al ex@nhs.net', 'invalid'],
    [`${'a'.repeat(250)}@nhs.net`, 'invalid'],
    ['alex.morgan@nhs.net', null],
  ] as const)('%j → %s', (email, expected) => {
    expect(checkEmail(email)).toBe(expected);
  });
});
