// The kiosk window: header with the language switch, the screen for main's state, the idle
// warning. Screens are keyed by what they show and by the session epoch, so a new screen (or a
// wiped session) mounts fresh: its heading takes focus and nothing typed survives.

import { useEffect } from 'react';
import { I18nextProvider } from 'react-i18next';
import type { i18n } from 'i18next';
import type { KioskConnection } from '../api/kiosk-api';
import { ConnectionNotice } from '../components/ConnectionNotice';
import { Header } from '../components/Header';
import { IdleWarning } from '../components/IdleWarning';
import { useIdleStore } from '../store/idle-store';
import { useLocalScreenStore } from '../store/local-screen-store';
import { useSessionStore } from '../store/session-store';
import { watchActivity } from './activity';
import { KioskApiContext } from './api-context';
import { bindKioskEvents, loadFromMain } from './bind-events';
import { ScreenForState, screenKey } from './ScreenForState';

export function App({ connection, i18n }: { connection: KioskConnection; i18n: i18n }) {
  useEffect(() => {
    const unbind = bindKioskEvents(connection, i18n);
    void loadFromMain(connection, i18n);
    const unwatch = watchActivity(
      document,
      connection.api,
      () => useSessionStore.getState().state?.name ?? null,
    );
    return () => {
      unbind();
      unwatch();
    };
  }, [connection, i18n]);

  return (
    <I18nextProvider i18n={i18n}>
      <KioskApiContext.Provider value={connection.api}>
        <Shell />
      </KioskApiContext.Provider>
    </I18nextProvider>
  );
}

function Shell() {
  const state = useSessionStore((s) => s.state);
  const epoch = useSessionStore((s) => s.epoch);
  const local = useLocalScreenStore((s) => s.screen);
  // While the idle warning is open everything behind it is inert: not focusable, not clickable,
  // hidden from screen readers (the dialog is modal in fact, not only in name).
  const idleOpen = useIdleStore((s) => s.warning !== null);
  return (
    <>
      <div className="esr-page" inert={idleOpen}>
        <Header />
        <div className="nhsuk-width-container">
          <main className="nhsuk-main-wrapper esr-main" id="maincontent">
            <ConnectionNotice />
            <div className="nhsuk-grid-row">
              <div className="nhsuk-grid-column-two-thirds">
                <ScreenForState key={`${screenKey(state, local)}#${epoch}`} state={state} local={local} />
              </div>
            </div>
          </main>
        </div>
      </div>
      <IdleWarning />
    </>
  );
}
