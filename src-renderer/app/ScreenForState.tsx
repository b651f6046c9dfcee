// One screen per SessionState name (main decides which), plus the local screens reachable from
// the card prompt. The switch is exhaustive: a new state in the contract fails the type-check.

import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionState } from '../../src-main/shared/ipc-contract';
import { Spinner } from '../components/Spinner';
import { ForgotChoiceScreen, RecoveryScreen } from '../screens/ForgotScreens';
import { PasswordLoginScreen } from '../screens/PasswordLoginScreen';
import { PinEntryScreen } from '../screens/PinEntryScreen';
import { LazyResetPasswordScreen } from '../screens/lazy-screens';
import { ManageInternetAccessScreen, ResetDoneScreen, SignedInScreen } from '../screens/SignedInScreens';
import {
  CardBlockedScreen,
  CardRefusedScreen,
  ConfigErrorScreen,
  NoReaderScreen,
  NotEnrolledScreen,
  ProgressScreen,
  StartingScreen,
} from '../screens/StatusScreens';
import { WaitingScreen } from '../screens/WaitingScreen';
import { hostsLocalScreens, type LocalScreen } from '../store/local-screen-store';

function LocalScreenView({ local }: { local: LocalScreen }) {
  switch (local) {
    case 'password-login':
      return <PasswordLoginScreen />;
    case 'forgot':
      return <ForgotChoiceScreen />;
    case 'forgot-username':
      return <RecoveryScreen kind="username" />;
    case 'forgot-password':
      return <RecoveryScreen kind="password" />;
  }
}

export function screenKey(state: SessionState | null, local: LocalScreen | null): string {
  if (!state) return 'starting';
  if (hostsLocalScreens(state) && local) return local;
  return state.name;
}

function Loading() {
  const { t } = useTranslation();
  return <Spinner label={t('common.working')} />;
}

export function ScreenForState(props: { state: SessionState | null; local: LocalScreen | null }) {
  return (
    <Suspense fallback={<Loading />}>
      <ScreenSwitch {...props} />
    </Suspense>
  );
}

function ScreenSwitch({ state, local }: { state: SessionState | null; local: LocalScreen | null }) {
  if (!state) return <StartingScreen />;
  if (local && hostsLocalScreens(state)) return <LocalScreenView local={local} />;
  switch (state.name) {
    case 'starting':
      return <StartingScreen />;
    case 'config-error':
      return <ConfigErrorScreen problems={state.problems} />;
    case 'not-enrolled':
      return <NotEnrolledScreen />;
    case 'no-reader':
      return <NoReaderScreen />;
    case 'waiting-for-card':
      return <WaitingScreen lastEnd={state.lastEnd} cardInReader={state.cardInReader === true} />;
    case 'reading-card':
      return <ProgressScreen kind="reading" step={state.step} />;
    case 'pin-entry':
      return <PinEntryScreen state={state} />;
    case 'verifying':
      return <ProgressScreen kind="verifying" step={state.step} />;
    case 'card-blocked':
      return <CardBlockedScreen />;
    case 'card-refused':
      return <CardRefusedScreen code={state.code} />;
    case 'signed-in':
      return <SignedInScreen state={state} />;
    case 'manage-internet-access':
      return <ManageInternetAccessScreen state={state} />;
    case 'reset-password':
      return <LazyResetPasswordScreen state={state} />;
    case 'reset-done':
      return <ResetDoneScreen state={state} />;
  }
}
