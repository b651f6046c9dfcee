// The reset-password screen carries the password policy and its common-password list (about a
// sixth of the renderer's JS), so it loads on first use; Manage Internet Access warms it up.

import { lazy } from 'react';

const loadResetScreen = () => import('./ResetPasswordScreen');

export const LazyResetPasswordScreen = lazy(() =>
  loadResetScreen().then((m) => ({ default: m.ResetPasswordScreen })),
);

export function preloadResetPasswordScreen(): void {
  void loadResetScreen();
}
