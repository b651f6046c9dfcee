// The card prompt, and the way in for staff without a card.

import { useTranslation } from 'react-i18next';
import type { EndReason } from '../../src-main/shared/ipc-contract';
import { LinkButton } from '../components/LinkButton';
import { ScreenHeading } from '../components/ScreenHeading';
import { useLocalScreenStore } from '../store/local-screen-store';

export function WaitingScreen({ lastEnd }: { lastEnd: EndReason | undefined }) {
  const { t } = useTranslation();
  const open = useLocalScreenStore((s) => s.open);
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
      <h2 className="nhsuk-heading-s">{t('waiting.noCard')}</h2>
      <ul className="nhsuk-list esr-actions">
        <li>
          <LinkButton onClick={() => open('password-login')}>{t('waiting.passwordLogin')}</LinkButton>
        </li>
        <li>
          <LinkButton onClick={() => open('forgot')}>{t('waiting.forgot')}</LinkButton>
        </li>
      </ul>
    </>
  );
}
