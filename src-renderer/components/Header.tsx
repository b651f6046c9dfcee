// The NHS header with the service name and the English / Cymraeg switch, on every screen.
// Switching keeps everything typed: screens are not remounted by a language change.

import { useTranslation } from 'react-i18next';
import type { Language } from '../../src-main/shared/ipc-contract';
import { useKioskApi } from '../app/api-context';

export function Header() {
  const { t, i18n } = useTranslation();
  const api = useKioskApi();
  const next: Language = i18n.language === 'cy' ? 'en' : 'cy';

  const switchLanguage = (): void => {
    void i18n.changeLanguage(next);
    // Main remembers it (and tells other windows); the screen does not wait for that.
    void api.setLanguage({ language: next });
  };

  return (
    <header className="nhsuk-header" role="banner">
      <div className="nhsuk-header__container nhsuk-width-container esr-header">
        <div className="nhsuk-header__service">
          <span className="nhsuk-header__service-name esr-header__name">
            {t('common.serviceName')}
            <span className="esr-header__subtitle"> — {t('common.serviceSubtitle')}</span>
          </span>
        </div>
        <button
          type="button"
          className="esr-language-switch"
          // Named by its visible word only (WCAG 2.5.3 label in name), spoken in its own language.
          lang={next}
          onClick={switchLanguage}
        >
          {t('common.switchLanguage')}
        </button>
      </div>
    </header>
  );
}
