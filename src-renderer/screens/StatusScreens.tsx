// Screens that only inform: starting, set-up problems for IT, no reader, progress, and the two
// card outcomes that end in "remove your card" (blocked, refused).

import { useTranslation } from 'react-i18next';
import type { KioskErrorCode } from '../../src-main/shared/errors';
import type { ConfigProblem, ProgressStep } from '../../src-main/shared/ipc-contract';
import { NoCardLinks } from '../components/NoCardLinks';
import { ScreenHeading } from '../components/ScreenHeading';
import { Spinner } from '../components/Spinner';
import { useSessionStore } from '../store/session-store';

export function StartingScreen() {
  const { t } = useTranslation();
  return (
    <>
      <ScreenHeading>{t('starting.title')}</ScreenHeading>
      <Spinner label={t('starting.body')} />
    </>
  );
}

export function ConfigErrorScreen({ problems }: { problems: readonly ConfigProblem[] }) {
  const { t } = useTranslation();
  return (
    <>
      <ScreenHeading>{t('configError.title')}</ScreenHeading>
      <p className="nhsuk-body-l">{t('configError.body')}</p>
      <table className="nhsuk-table">
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">{t('configError.setting')}</th>
            <th scope="col" className="nhsuk-table__header">{t('configError.source')}</th>
            <th scope="col" className="nhsuk-table__header">{t('configError.allowed')}</th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {problems.map((problem) => (
            <tr className="nhsuk-table__row" key={`${problem.source}:${problem.setting}`}>
              <td className="nhsuk-table__cell">
                <code>{problem.setting}</code>
              </td>
              <td className="nhsuk-table__cell">{t(`configSource.${problem.source}`)}</td>
              {/* What is allowed comes from the schema, in English: it is for IT. */}
              <td className="nhsuk-table__cell" lang="en">{problem.allowed}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="nhsuk-body-s">{t('configError.forIt')}</p>
    </>
  );
}

export function NotEnrolledScreen() {
  const { t } = useTranslation();
  return (
    <>
      <ScreenHeading>{t('notEnrolled.title')}</ScreenHeading>
      <p className="nhsuk-body-l">{t('notEnrolled.body')}</p>
      <div className="nhsuk-inset-text">
        <p>{t('notEnrolled.forIt')}</p>
      </div>
    </>
  );
}

export function NoReaderScreen() {
  const { t } = useTranslation();
  return (
    <>
      <ScreenHeading>{t('noReader.title')}</ScreenHeading>
      <p className="nhsuk-body-l">{t('noReader.body')}</p>
      <p>{t('noReader.help')}</p>
      <NoCardLinks />
    </>
  );
}

export function ProgressScreen({ kind, step }: { kind: 'reading' | 'verifying'; step: ProgressStep }) {
  const { t } = useTranslation();
  return (
    <>
      <ScreenHeading>{t(kind === 'reading' ? 'progress.readingTitle' : 'progress.verifyingTitle')}</ScreenHeading>
      <Spinner label={t('progress.step', { step: t(`step.${step}`) })} />
      <p>{t('progress.keepCard')}</p>
    </>
  );
}

export function CardBlockedScreen() {
  const { t } = useTranslation();
  const contact = useSessionStore((s) => s.info?.supportContact ?? '');
  return (
    <>
      <ScreenHeading>{t('blocked.title')}</ScreenHeading>
      <p className="nhsuk-body-l">{t('blocked.body')}</p>
      {contact ? (
        <div className="nhsuk-inset-text">
          <p>{t('blocked.unlock', { contact })}</p>
        </div>
      ) : null}
      <p>{t('blocked.meanwhile')}</p>
      <p className="nhsuk-body-l">{t('common.removeCard')}</p>
    </>
  );
}

export function CardRefusedScreen({ code }: { code: KioskErrorCode }) {
  const { t } = useTranslation();
  return (
    <>
      <ScreenHeading>{t('refused.title')}</ScreenHeading>
      <p className="nhsuk-body-l">{t(`error.${code}`)}</p>
      <p className="nhsuk-body-l">{t('common.removeCard')}</p>
    </>
  );
}
