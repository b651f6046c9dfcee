/// <reference lib="dom" />
// Browser script for the reset page (bundled with the shared policy at gateway start, served
// as /reset-assets/reset-page.js): ticks each password rule as the person types and says
// whether the two entries match. The gateway's answer to the form POST stays final.

import { evaluatePassword } from '../../../src-main/shared/password-policy';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicyOptions } from '../../../src-main/shared/password-rules';

function start(): void {
  const form = document.getElementById('reset-form');
  const input = document.getElementById('new-password');
  const confirm = document.getElementById('confirm-password');
  const status = document.getElementById('password-rules-status');
  const matchStatus = document.getElementById('confirm-status');
  if (!(form instanceof HTMLFormElement) || !(input instanceof HTMLInputElement) || !(confirm instanceof HTMLInputElement)) return;
  let policy: PasswordPolicyOptions = DEFAULT_PASSWORD_POLICY;
  try {
    policy = { ...DEFAULT_PASSWORD_POLICY, ...(JSON.parse(form.dataset.policy ?? '{}') as Partial<PasswordPolicyOptions>) };
  } catch {
    // keep the default policy
  }
  const username = form.dataset.username ?? '';
  const items = Array.from(form.querySelectorAll<HTMLLIElement>('li[data-rule]'));

  const update = (): void => {
    const value = input.value;
    const evaluation = evaluatePassword(value, { username }, policy);
    const passed = new Map(evaluation.results.map((r) => [r.id, r.passed]));
    let met = 0;
    for (const item of items) {
      const rule = item.dataset.rule ?? '';
      const ok = passed.get(rule as never);
      item.classList.toggle('esr-rule--pass', value !== '' && ok === true);
      item.classList.toggle('esr-rule--fail', value !== '' && ok === false);
      const state = item.querySelector('.esr-rule__state');
      if (state) state.textContent = value === '' || ok === undefined ? '' : ok ? ' (met)' : ' (not met)';
      if (ok === true) met++;
    }
    if (status) status.textContent = value === '' ? '' : `${met} of ${evaluation.results.length} rules met`;
    if (matchStatus) {
      const show = confirm.value !== '';
      const same = confirm.value === value;
      matchStatus.textContent = show ? (same ? 'The passwords match' : 'The passwords do not match') : '';
      matchStatus.classList.toggle('esr-match--pass', show && same);
      matchStatus.classList.toggle('esr-match--fail', show && !same);
    }
  };
  input.addEventListener('input', update);
  confirm.addEventListener('input', update);
  form.addEventListener('submit', (event) => {
    if (confirm.value !== input.value) {
      event.preventDefault();
      update();
      confirm.focus();
    }
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
