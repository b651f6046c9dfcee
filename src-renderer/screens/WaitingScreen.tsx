// The card prompt, and the way in for staff without a card. After a sign-out or an idle timeout
// with the card left in the reader, it asks for the card to be taken out (the next person must
// never find it signed in), or lets its owner use it again, which asks for the PIN afresh.

import { useTranslation } from 'react-i18next';
import type { EndReason } from '../../src-main/shared/ipc-contract';
import { useKioskApi } from '../app/api-context';
import { useKioskCall } from '../app/use-kiosk-call';
import { NoCardLinks } from '../components/NoCardLinks';
import { ScreenHeading } from '../components/ScreenHeading';

export function WaitingScreen({ lastEnd, cardInReader = false }: { lastEnd: EndReason | undefined; cardInReader?: boolean }) {
  const { t } = useTranslation();
  const api = useKioskApi();
  const call = useKioskCall();
  return (
    <>
      {lastEnd ? (
        <div className="nhsuk-inset-text esr-end-notice" role="status">
          <p>{t(`endReason.${lastEnd}`)}</p>
        </div>
      ) : null}
      {cardInReader ? (
        <>
          {/* Keyed: when the card is taken out the new heading mounts and takes focus. */}
          <ScreenHeading key="remove" size="xl">
            {t('waiting.removeTitle')}
          </ScreenHeading>
          <p className="nhsuk-body-l">{t('waiting.removeBody')}</p>
          <p className="nhsuk-body">{t('waiting.useAgainHint')}</p>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary"
            disabled={call.busy}
            onClick={() => void call.run(() => api.useCardAgain())}
          >
            {t('waiting.useAgain')}
          </button>
        </>
      ) : (
        <>
          <ScreenHeading key="insert" size="xl">
            {t('waiting.title')}
          </ScreenHeading>
          <p className="nhsuk-body-l">{t('waiting.body')}</p>
          <span className="esr-card-art" aria-hidden="true" />
        </>
      )}
      <NoCardLinks />
    </>
  );
}
