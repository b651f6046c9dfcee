// A progress indicator with its words in a polite status region. The animation is CSS only and
// stops under prefers-reduced-motion (kiosk.css).

export function Spinner({ label }: { label: string }) {
  return (
    <div className="esr-progress">
      <span className="esr-spinner" aria-hidden="true" />
      <p className="nhsuk-body-l esr-progress__label" role="status">
        {label}
      </p>
    </div>
  );
}
