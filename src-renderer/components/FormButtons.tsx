// The end of every form: the submit button (disabled while its call runs, so nothing is sent
// twice), an optional Cancel, and "Please wait" while main works.

import { useTranslation } from 'react-i18next';
import { Spinner } from './Spinner';

export function FormButtons({ submit, busy, onCancel }: { submit: string; busy: boolean; onCancel?: () => void }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="esr-button-row">
        <button type="submit" className="nhsuk-button" disabled={busy}>
          {submit}
        </button>
        {onCancel ? (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
      {busy ? <Spinner label={t('common.working')} /> : null}
    </>
  );
}
