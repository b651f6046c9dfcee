// The NHS back link, as a button: these screens are in-app states, not pages with URLs.

import { useTranslation } from 'react-i18next';

export function BackLink({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="nhsuk-back-link">
      <button type="button" className="nhsuk-back-link__link esr-back-link" onClick={onClick}>
        {t('common.back')}
      </button>
    </div>
  );
}
