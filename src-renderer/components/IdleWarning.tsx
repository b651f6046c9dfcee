// The idle warning (session:idle-warning): a modal dialog with a countdown and "I'm still here".
// The visible count ticks every second; the announced text changes only every 10 s (and in the
// last 5) so a screen reader is not flooded.

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useKioskApi } from '../app/api-context';
import { useIdleStore } from '../store/idle-store';

function secondsLeftNow(warning: { secondsLeft: number; receivedAt: number }, now: number): number {
  return Math.max(0, Math.ceil(warning.secondsLeft - (now - warning.receivedAt) / 1000));
}

function announceable(seconds: number): boolean {
  return seconds <= 5 || seconds % 10 === 0;
}

export function IdleWarning() {
  const warning = useIdleStore((s) => s.warning);
  const setWarning = useIdleStore((s) => s.setWarning);
  const { t } = useTranslation();
  const api = useKioskApi();
  const [now, setNow] = useState(() => performance.now());
  const [announced, setAnnounced] = useState<number | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<Element | null>(null);

  const open = warning !== null;
  // Remember where focus was before this render commits: the page behind becomes inert in the
  // same commit, which would blur it.
  if (open && returnFocus.current === null) returnFocus.current = document.activeElement;
  // Focus moves in once when the dialog opens and back when it closes; main's per-second
  // updates only re-sync the count.
  useEffect(() => {
    if (!open) return;
    buttonRef.current?.focus();
    return () => {
      const previous = returnFocus.current;
      returnFocus.current = null;
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
    };
  }, [open]);

  useEffect(() => {
    if (!warning) return;
    setNow(performance.now());
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, [warning]);

  const seconds = warning ? secondsLeftNow(warning, now) : 0;
  useEffect(() => {
    if (warning && (announced === null || (announceable(seconds) && seconds !== announced))) {
      setAnnounced(seconds);
    }
  }, [warning, seconds, announced]);

  if (!warning) return null;

  const stay = (): void => {
    setWarning(null);
    void api.reportActivity();
  };

  return (
    <div className="esr-dialog-backdrop">
      <div
        className="esr-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="idle-title"
        aria-describedby="idle-body"
        onKeyDown={(event) => {
          // Keep Tab inside the dialog: it has one control.
          if (event.key === 'Tab') {
            event.preventDefault();
            buttonRef.current?.focus();
          }
        }}
      >
        <h2 className="nhsuk-heading-m" id="idle-title">
          {t('idle.title')}
        </h2>
        <p className="nhsuk-body-l" id="idle-body" aria-hidden="true">
          {t('idle.body', { count: seconds })}
        </p>
        <p className="nhsuk-u-visually-hidden" aria-live="assertive">
          {t('idle.body', { count: announced ?? seconds })}
        </p>
        <button type="button" className="nhsuk-button" ref={buttonRef} onClick={stay}>
          {t('idle.stay')}
        </button>
      </div>
    </div>
  );
}
