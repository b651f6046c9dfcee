// The card prompt, and the way in for staff without a card.

import { useTranslation } from 'react-i18next';
import type { EndReason } from '../../src-main/shared/ipc-contract';
import { NoCardLinks } from '../components/NoCardLinks';
import { ScreenHeading } from '../components/ScreenHeading';

export function WaitingScreen({ lastEnd }: { lastEnd: EndReason | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      {lastEnd ? (
        <div className="nhsuk-inset-text esr-end-notice" role="status">
          <p>{t(`endReason.${lastEnd}`)}</p>
        </div>
      ) : null}
      <ScreenHeading size="xl">{t('waiting.title')}</ScreenHeading>
      <p className="nhsuk-body-l">{t('waiting.body')}</p>
      <span className="esr-card-art" aria-hidden="true" />
      <NoCardLinks />
    </>
  );
}
