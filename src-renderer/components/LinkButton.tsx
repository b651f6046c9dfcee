// An in-app action that reads as a link (NHS style) but is a real button: it works with Enter
// and Space, needs no href, and has a 44 px target (kiosk.css).

import type { ReactNode } from 'react';

export function LinkButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <button type="button" className="esr-link-button" onClick={onClick}>
      {children}
    </button>
  );
}
