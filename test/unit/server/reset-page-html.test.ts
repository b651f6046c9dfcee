import { describe, expect, it } from 'vitest';
import { applicablePasswordRules } from '../../../src-main/shared/password-policy';
import { DEFAULT_PASSWORD_POLICY } from '../../../src-main/shared/password-rules';
import { adaptNhsukCss } from '../../../server/src/recovery/reset-assets';
import { resetDonePage, resetFormPage, resetLinkInvalidPage } from '../../../server/src/recovery/reset-page-html';

const view = { token: 'tok_en-123', username: '23412345', policy: DEFAULT_PASSWORD_POLICY };

describe('reset page HTML', () => {
  it('lists every applicable rule plus not-recent, in checklist order', () => {
    const html = resetFormPage(view);
    const rules = [...html.matchAll(/data-rule="([a-z-]+)"/gu)].map((m) => m[1]);
    expect(rules).toEqual([...applicablePasswordRules(DEFAULT_PASSWORD_POLICY), 'not-recent']);
  });

  it('has no inline script, inline style or event handler attribute on any page', () => {
    for (const html of [resetFormPage({ ...view, failedRules: ['min-length'], error: 'x' }), resetDonePage('23412345'), resetLinkInvalidPage()]) {
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/u);
      expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/u);
    }
  });

  it('marks failed rules and summarises them, never echoing a password', () => {
    const html = resetFormPage({ ...view, failedRules: ['has-digit', 'not-recent'] });
    expect(html).toContain('class="esr-rule esr-rule--fail" data-rule="has-digit"');
    expect(html).toContain('class="esr-rule esr-rule--fail" data-rule="not-recent"');
    expect(html).toContain('class="esr-rule" data-rule="min-length"');
    expect(html).toContain('There is a problem');
    expect(html).not.toMatch(/name="newPassword"[^>]*value=/u);
  });

  it('escapes what it puts in attributes and text', () => {
    const html = resetFormPage({ ...view, username: '"><img src=x>', policy: { ...DEFAULT_PASSWORD_POLICY, bannedWords: ['a"b<c'] } });
    expect(html).not.toContain('"><img');
    expect(html).toContain('&quot;&gt;&lt;img src=x&gt;');
    const policy = /data-policy="([^"]*)"/u.exec(html)![1]!;
    expect(JSON.parse(policy.replace(/&quot;/gu, '"').replace(/&lt;/gu, '<').replace(/&gt;/gu, '>').replace(/&#39;/gu, "'").replace(/&amp;/gu, '&'))).toMatchObject({ bannedWords: ['a"b<c'] });
  });
});

describe('adaptNhsukCss', () => {
  it('drops CDN font faces and points images at the local copy', () => {
    const css = '@font-face{font-family:Frutiger W01;src:url(https://assets.nhs.uk/fonts/F.woff2) format("woff2")}.a{background:url(/assets/images/nhsuk-icon-cross.svg)}@font-face{font-family:Local;src:url(/x.woff)}';
    expect(adaptNhsukCss(css)).toBe('.a{background:url(/reset-assets/nhsuk/images/nhsuk-icon-cross.svg)}@font-face{font-family:Local;src:url(/x.woff)}');
  });
});
