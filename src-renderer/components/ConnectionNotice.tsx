// The browser host's socket to main is down: say so, quietly, above the screen.

import { useTranslation } from 'react-i18next';
import { useConnectionStore } from '../store/connection-store';

export function ConnectionNotice() {
  const connected = useConnectionStore((s) => s.connected);
  const everConnected = useConnectionStore((s) => s.everConnected);
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite">
      {connected ? null : (
        <div className="nhsuk-inset-text esr-connection-notice">
          <p>{t(everConnected ? 'common.connectionLost' : 'common.connecting')}</p>
        </div>
      )}
    </div>
  );
}
