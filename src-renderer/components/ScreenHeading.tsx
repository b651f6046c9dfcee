// Each screen's h1. It takes focus when the screen appears, so keyboard and screen-reader users
// start at the top of what changed (WCAG 2.4.3); tabIndex -1 makes it focusable by script only.

import { useLayoutEffect, useRef, type ReactNode } from 'react';

export function ScreenHeading({ children, size = 'l' }: { children: ReactNode; size?: 'xl' | 'l' }) {
  const ref = useRef<HTMLHeadingElement>(null);
  // A layout effect, so it runs before the error summary's passive effect: when a screen opens
  // with errors, the summary is focused last and wins (NHS error summary pattern).
  useLayoutEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 className={`nhsuk-heading-${size} esr-screen-heading`} tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}
