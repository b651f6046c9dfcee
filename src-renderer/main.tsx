import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <main className="nhsuk-main-wrapper">
        <h1 className="nhsuk-heading-l">ESR Kiosk</h1>
      </main>
    </StrictMode>,
  );
}
