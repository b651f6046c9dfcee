import 'nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css';
import './styles/kiosk.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { resolveKioskApi } from './api/kiosk-api';
import { App } from './app/App';
import { createI18n } from './i18n';

const root = document.getElementById('root');
if (root) {
  const connection = resolveKioskApi(window);
  // English until main says otherwise (KioskInfo.language, then kiosk:language events).
  const i18n = createI18n('en');
  createRoot(root).render(
    <StrictMode>
      <App connection={connection} i18n={i18n} />
    </StrictMode>,
  );
}
