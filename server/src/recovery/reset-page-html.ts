// The set-password page behind a reset link, as server-rendered HTML in the NHS design system
// look (nhsuk-frontend's CSS, served by the gateway). No inline script or style: the page works
// as a plain form POST, and an external script adds the live rule checklist.

import { applicablePasswordRules } from '../../../src-main/shared/password-policy';
import type { PasswordPolicyOptions, PasswordRuleId } from '../../../src-main/shared/password-rules';
import { escapeHtml } from '../html-escape';

export const RESET_ASSETS = '/reset-assets';

export function ruleLabel(id: PasswordRuleId, policy: PasswordPolicyOptions): string {
  switch (id) {
    case 'min-length':
      return `At least ${policy.minLength} characters`;
    case 'max-length':
      return `No more than ${policy.maxLength} characters`;
    case 'printable-ascii':
      return 'Only letters, numbers and symbols on a UK keyboard (no spaces at the ends, no accents)';
    case 'has-letter':
      return 'At least one letter';
    case 'has-digit':
      return 'At least one number';
    case 'no-immediate-repeat':
      return 'No character twice in a row (like "aa" or "11")';
    case 'no-repeated-character':
      return 'No character used more than once';
    case 'no-sequence':
      return `No run of ${policy.sequenceLength} characters in order (like "abcd" or "4321")`;
    case 'not-username':
      return 'Does not contain your username';
    case 'not-banned-word':
      return 'Does not contain a word your trust does not allow';
    case 'not-common':
      return 'Is not a commonly used password';
    case 'not-recent':
      return 'Is not one of your last 5 passwords';
  }
}

const NHS_LOGO = `<svg class="nhsuk-header__logo" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80" height="40" width="100" focusable="false" role="img" aria-label="NHS"><title>NHS</title><path fill="currentcolor" d="M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z"/></svg>`;

function page(title: string, body: string, scripts: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} – ESR internet access – NHS</title>
<link rel="icon" href="${RESET_ASSETS}/nhsuk/images/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${RESET_ASSETS}/nhsuk-frontend.min.css">
<link rel="stylesheet" href="${RESET_ASSETS}/reset-page.css">
${scripts ? `<script src="${RESET_ASSETS}/reset-page.js" defer></script>\n` : ''}</head>
<body>
<a class="nhsuk-skip-link" href="#maincontent">Skip to main content</a>
<header class="nhsuk-header" role="banner">
  <div class="nhsuk-header__container nhsuk-width-container">
    <div class="nhsuk-header__service">
      <span class="nhsuk-header__service-logo">${NHS_LOGO}<span class="nhsuk-header__service-name">ESR internet access</span></span>
    </div>
  </div>
</header>
<div class="nhsuk-width-container">
<main class="nhsuk-main-wrapper" id="maincontent" role="main">
<div class="nhsuk-grid-row"><div class="nhsuk-grid-column-two-thirds">
${body}
</div></div>
</main>
</div>
</body>
</html>
`;
}

export interface ResetFormView {
  readonly token: string;
  readonly username: string;
  readonly policy: PasswordPolicyOptions;
  /** Rules the last submission failed (from the gateway's answer). */
  readonly failedRules?: readonly PasswordRuleId[];
  /** A message for the error summary (mismatch, reused password...). */
  readonly error?: string;
}

export function resetFormPage(view: ResetFormView): string {
  const failed = new Set(view.failedRules ?? []);
  const rules = [...applicablePasswordRules(view.policy), 'not-recent' as const];
  const ruleItems = rules
    .map((id) => {
      const state = failed.has(id) ? ' esr-rule--fail' : '';
      return `    <li class="esr-rule${state}" data-rule="${id}"><span class="esr-rule__mark" aria-hidden="true"></span><span class="esr-rule__text">${escapeHtml(ruleLabel(id, view.policy))}</span><span class="esr-rule__state nhsuk-u-visually-hidden">${failed.has(id) ? ' (not met)' : ''}</span></li>`;
    })
    .join('\n');
  const problems: string[] = [];
  if (view.error !== undefined) problems.push(escapeHtml(view.error));
  for (const id of failed) problems.push(`The new password does not meet this rule: ${escapeHtml(ruleLabel(id, view.policy))}`);
  const summary =
    problems.length === 0
      ? ''
      : `<div class="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
  <h2 class="nhsuk-error-summary__title" id="error-summary-title">There is a problem</h2>
  <div class="nhsuk-error-summary__body"><ul class="nhsuk-list nhsuk-error-summary__list">
${problems.map((p) => `    <li><a href="#new-password">${p}</a></li>`).join('\n')}
  </ul></div>
</div>
`;
  const groupError = problems.length === 0 ? '' : ' nhsuk-form-group--error';
  const inputError = problems.length === 0 ? '' : ' nhsuk-input--error';
  const policyAttr = escapeHtml(JSON.stringify(view.policy));
  const body = `${summary}<h1 class="nhsuk-heading-l">Set your password</h1>
<p>This sets the password you use for ESR internet access (remote access). Your ESR username is <strong>${escapeHtml(view.username)}</strong>.</p>
<form method="post" action="/v1/recovery/password/complete" novalidate id="reset-form" data-username="${escapeHtml(view.username)}" data-policy="${policyAttr}">
  <input type="hidden" name="token" value="${escapeHtml(view.token)}">
  <div class="nhsuk-form-group${groupError}">
    <label class="nhsuk-label nhsuk-label--s" for="new-password">New password</label>
    <div class="nhsuk-hint" id="new-password-hint">8 characters, no repeated characters, at least one letter and one number.</div>
    <input class="nhsuk-input nhsuk-u-width-two-thirds${inputError}" id="new-password" name="newPassword" type="password" autocomplete="new-password" spellcheck="false" aria-describedby="new-password-hint password-rules" maxlength="${view.policy.maxLength + 64}">
  </div>
  <h2 class="nhsuk-heading-s" id="password-rules-title">Your password must</h2>
  <ul class="nhsuk-list esr-rules" id="password-rules" aria-labelledby="password-rules-title">
${ruleItems}
  </ul>
  <p class="nhsuk-u-visually-hidden" id="password-rules-status" aria-live="polite"></p>
  <div class="nhsuk-form-group">
    <label class="nhsuk-label nhsuk-label--s" for="confirm-password">Enter the new password again</label>
    <input class="nhsuk-input nhsuk-u-width-two-thirds" id="confirm-password" name="confirmPassword" type="password" autocomplete="new-password" spellcheck="false" maxlength="${view.policy.maxLength + 64}">
    <p class="esr-match" id="confirm-status" aria-live="polite"></p>
  </div>
  <button class="nhsuk-button" type="submit" data-module="nhsuk-button">Set password</button>
</form>`;
  return page('Set your password', body, true);
}

export function resetDonePage(username: string): string {
  return page(
    'Password set',
    `<div class="nhsuk-panel esr-panel--confirmation">
  <h1 class="nhsuk-panel__title">Your password has been set</h1>
  <div class="nhsuk-panel__body">ESR username <strong>${escapeHtml(username)}</strong></div>
</div>
<p>You can now use your new password for ESR internet access. We have emailed your trust address to say it changed.</p>
<p>You can close this page.</p>`,
    false,
  );
}

export function resetLinkInvalidPage(): string {
  return page(
    'Link not valid',
    `<h1 class="nhsuk-heading-l">This link is not valid</h1>
<p>The link has expired or has already been used. Links work once and for 60 minutes.</p>
<p>Ask for a new one from "Forgot username or password" at a trust kiosk.</p>`,
    false,
  );
}

export function resetErrorPage(message: string): string {
  return page('Something went wrong', `<h1 class="nhsuk-heading-l">Something went wrong</h1>\n<p>${escapeHtml(message)}</p>`, false);
}
