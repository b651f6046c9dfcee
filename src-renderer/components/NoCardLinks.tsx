// "Sign in with username and password" and "Forgot username or password": the way in for
// staff without a card, offered wherever main accepts it (card prompt, no reader).

import { useTranslation } from 'react-i18next';
import { useLocalScreenStore } from '../store/local-screen-store';
import { LinkButton } from './LinkButton';

export function NoCardLinks() {
  const { t } = useTranslation();
  const open = useLocalScreenStore((s) => s.open);
  return (
    <>
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
