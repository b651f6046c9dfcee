// The mails the gateway sends, as plain text plus a simple HTML version. Their inputs never
// include a password or a date of birth, so no mail can carry one; a reset link is the only
// secret a mail ever holds, and only the reset-link mail.

import { escapeHtml } from '../html-escape';

export interface MailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const SIGN_OFF = 'ESR internet access, on behalf of your trust';

function html(paragraphs: readonly string[]): string {
  const body = paragraphs.map((p) => `<p style="margin:0 0 16px">${p}</p>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ESR internet access</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#212b32">
<div style="background:#005eb8;color:#fff;padding:12px 16px;font-weight:bold">NHS ESR internet access</div>
<div style="padding:16px">
${body}
</div></body></html>`;
}

export interface UsernameReminderInput {
  readonly displayName: string;
  readonly username: string;
}

export function usernameReminderMail(input: UsernameReminderInput): MailContent {
  return {
    subject: 'Your ESR username',
    text: [
      `Dear ${input.displayName},`,
      '',
      `Your ESR username is: ${input.username}`,
      '',
      'Someone (hopefully you) asked for it to be sent to this address. If it was not you, you can ignore this email.',
      '',
      SIGN_OFF,
    ].join('\n'),
    html: html([
      `Dear ${escapeHtml(input.displayName)},`,
      `Your ESR username is: <strong>${escapeHtml(input.username)}</strong>`,
      'Someone (hopefully you) asked for it to be sent to this address. If it was not you, you can ignore this email.',
      escapeHtml(SIGN_OFF),
    ]),
  };
}

export interface ResetLinkInput {
  readonly displayName: string;
  readonly link: string;
  readonly validMinutes: number;
}

export function passwordResetLinkMail(input: ResetLinkInput): MailContent {
  return {
    subject: 'Set your ESR internet access password',
    text: [
      `Dear ${input.displayName},`,
      '',
      'Use this link to set a new password for ESR internet access:',
      '',
      input.link,
      '',
      `The link works once and for ${input.validMinutes} minutes. If you did not ask for it, ignore this email: your password stays as it is.`,
      '',
      SIGN_OFF,
    ].join('\n'),
    html: html([
      `Dear ${escapeHtml(input.displayName)},`,
      'Use this link to set a new password for ESR internet access:',
      `<a href="${escapeHtml(input.link)}">Set a new password</a>`,
      `The link works once and for ${input.validMinutes} minutes. If you did not ask for it, ignore this email: your password stays as it is.`,
      escapeHtml(SIGN_OFF),
    ]),
  };
}

export interface PasswordChangedInput {
  readonly displayName: string;
  readonly username: string;
  /** When it changed. */
  readonly at: Date;
  readonly via: 'kiosk' | 'recovery-link';
}

export function passwordChangedMail(input: PasswordChangedInput): MailContent {
  const when = input.at.toUTCString();
  const how = input.via === 'kiosk' ? 'at a trust kiosk' : 'with a password reset link';
  const warning = 'If this was not you, contact your IT service desk straight away.';
  return {
    subject: 'Your ESR internet access password was changed',
    text: [
      `Dear ${input.displayName},`,
      '',
      `The internet access password for ESR username ${input.username} was changed ${how} on ${when}.`,
      '',
      warning,
      '',
      SIGN_OFF,
    ].join('\n'),
    html: html([
      `Dear ${escapeHtml(input.displayName)},`,
      `The internet access password for ESR username <strong>${escapeHtml(input.username)}</strong> was changed ${how} on ${escapeHtml(when)}.`,
      `<strong>${warning}</strong>`,
      escapeHtml(SIGN_OFF),
    ]),
  };
}
