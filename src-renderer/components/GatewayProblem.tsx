// Shown when main cannot reach the ESR service (or the browser host's socket dropped): what
// happened, that nothing typed was lost, and "Try again", which repeats the same request.

import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { IpcError } from '../app/use-kiosk-call';

export function GatewayProblem({
  error,
  onRetry,
  busy,
}: {
  error: IpcError;
  onRetry: () => void;
  busy: boolean;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [error]);
  return (
    <div className="nhsuk-warning-callout esr-gateway-problem" ref={ref} tabIndex={-1} role="alert">
      <h2 className="nhsuk-warning-callout__label">{t('unreachable.title')}</h2>
      <p>{t(`error.${error.code}`)}</p>
      <p>{t('unreachable.body')}</p>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={onRetry}>
        {t('unreachable.retry')}
      </button>
    </div>
  );
}
