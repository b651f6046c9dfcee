import { describe, expect, it } from 'vitest';
import { passwordChangedMail, passwordResetLinkMail, usernameReminderMail } from '../../../server/src/mail/templates';

describe('mail templates', () => {
  it('the username reminder names the username in text and HTML', () => {
    const mail = usernameReminderMail({ displayName: 'Alex Morgan', username: '23412345' });
    expect(mail.text).toContain('Your ESR username is: 23412345');
    expect(mail.html).toContain('<strong>23412345</strong>');
  });

  it('the reset link mail carries the link and how long it lasts', () => {
    const mail = passwordResetLinkMail({ displayName: 'Alex', link: 'https://gw.example/reset/abc', validMinutes: 60 });
    expect(mail.text).toContain('https://gw.example/reset/abc');
    expect(mail.text).toContain('60 minutes');
    expect(mail.html).toContain('href="https://gw.example/reset/abc"');
  });

  it('the password changed notice says when and how', () => {
    const mail = passwordChangedMail({ displayName: 'Alex', username: '23412345', at: new Date(Date.UTC(2026, 0, 2, 3, 4, 5)), via: 'recovery-link' });
    expect(mail.text).toContain('Fri, 02 Jan 2026 03:04:05 GMT');
    expect(mail.text).toContain('with a password reset link');
    expect(mail.subject).toBe('Your ESR internet access password was changed');
  });

  it('escapes names in HTML', () => {
    const mail = usernameReminderMail({ displayName: '<img src=x onerror=alert(1)>', username: '23412345' });
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img');
  });
});
