// A stuck PC/SC call (a wedged reader, a driver waiting for ever) must not freeze the kiosk
// (DESIGN.md 3): race every native call against a timer. The native call keeps running; its
// late answer is ignored, and the caller's onTimeout decides what the timeout means.

export function withWatchdog<T>(call: Promise<T>, timeoutMs: number, onTimeout: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(onTimeout()), timeoutMs);
    call.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** Exponential backoff with a ceiling: 1st, 2nd, ... delay for a retry loop. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
}
