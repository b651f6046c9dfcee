// i18next set up once per renderer with both languages bundled (two small objects: no
// network loading, which the CSP would refuse anyway). The document's `lang` follows the
// language so screen readers switch voice.

import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '../../src-main/shared/ipc-contract';
import { cy } from './cy';
import { en } from './en';

export const LANGUAGES: readonly Language[] = ['en', 'cy'];

export const resources = {
  en: { translation: en },
  cy: { translation: cy },
} as const;

export function createI18n(language: Language, doc: Document = document): i18n {
  const instance = i18next.createInstance();
  instance.on('languageChanged', (lng) => {
    doc.documentElement.lang = lng;
  });
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    supportedLngs: LANGUAGES,
    // React escapes what it renders.
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'cy';
}
