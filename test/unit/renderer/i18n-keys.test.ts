// Every word the renderer can show exists in English and Welsh: every key, every error code in
// KIOSK_ERROR_CODES, every password rule id, and every plural form each language needs.

import { describe, expect, it } from 'vitest';
import { KIOSK_ERROR_CODES } from '../../../src-main/shared/errors';
import { PASSWORD_RULE_IDS } from '../../../src-main/shared/password-rules';
import { createI18n, resources } from '../../../src-renderer/i18n';

type Tree = { readonly [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of leaves(value, path)) out.set(k, v);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const en = leaves(resources.en.translation);
const cy = leaves(resources.cy.translation);
const fakeDoc = { documentElement: { lang: '' } } as unknown as Document;

describe('i18n resources', () => {
  it('Welsh has every English key (plural keys by their base), each non-empty', () => {
    const cyBases = new Set([...cy.keys()].map((k) => k.replace(PLURAL, '')));
    const missing = [...en.keys()].filter((k) => !cy.has(k) && !cyBases.has(k.replace(PLURAL, '')));
    expect(missing).toEqual([]);
    for (const [key, value] of [...en, ...cy]) expect(`${key}:${value.trim().length > 0}`).toBe(`${key}:true`);
  });

  it('Welsh has no key English lacks', () => {
    const enBases = new Set([...en.keys()].map((k) => k.replace(PLURAL, '')));
    expect([...cy.keys()].filter((k) => !enBases.has(k.replace(PLURAL, '')))).toEqual([]);
  });

  it('every plural key has every form the language uses', () => {
    for (const [lang, words] of [['en', en], ['cy', cy]] as const) {
      const forms = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const bases = new Set([...words.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
      for (const base of bases) {
        for (const form of forms) expect(words.has(`${base}_${form}`), `${lang} ${base}_${form}`).toBe(true);
      }
    }
  });

  it.each(['en', 'cy'] as const)('%s has words for every KioskErrorCode and password rule', (lang) => {
    const i18n = createI18n(lang, fakeDoc);
    for (const code of KIOSK_ERROR_CODES) {
      expect(i18n.exists(`error.${code}`, { lng: lang, fallbackLng: false }), `${lang} error.${code}`).toBe(true);
    }
    for (const id of PASSWORD_RULE_IDS) {
      expect(i18n.exists(`rule.${id}`, { lng: lang, fallbackLng: false }), `${lang} rule.${id}`).toBe(true);
      expect(i18n.exists(`ruleError.${id}`, { lng: lang, fallbackLng: false }), `${lang} ruleError.${id}`).toBe(true);
    }
  });

  it('Welsh words differ from English for the screens (not left untranslated)', () => {
    const same = [...en].filter(([k, v]) => cy.get(k) === v && !/^(common\.serviceName|common\.switchLanguage)/.test(k));
    // Words that are the same in both languages (PIN, codes) are allowed but should be rare.
    expect(same.map(([k]) => k)).toEqual([]);
  });
});
