// The idle timer behind `session:idle-warning` (DESIGN.md section 2): silent until the last
// `warningSeconds`, then a countdown each second, then `onTimeout`. Restarted by activity and by
// each new screen; the machine decides when (effects), this only keeps time.

export interface IdleTimerOptions {
  readonly timeoutSeconds: number;
  /** How long before the timeout the countdown shows; capped at half the timeout. */
  readonly warningSeconds?: number;
  readonly onWarning: (warning: { secondsLeft: number } | null) => void;
  readonly onTimeout: () => void;
}

export class IdleTimer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private deadline = 0;
  private warning = false;
  private readonly warningSeconds: number;

  constructor(private readonly options: IdleTimerOptions) {
    this.warningSeconds = Math.min(options.warningSeconds ?? 30, Math.floor(options.timeoutSeconds / 2));
  }

  get running(): boolean {
    return this.timer !== null;
  }

  restart(): void {
    this.clear();
    this.deadline = Date.now() + this.options.timeoutSeconds * 1000;
    this.schedule((this.options.timeoutSeconds - this.warningSeconds) * 1000);
  }

  stop(): void {
    this.clear();
  }

  private clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.warning) {
      this.warning = false;
      this.options.onWarning(null);
    }
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.tick();
    }, Math.max(0, ms));
  }

  private tick(): void {
    const msLeft = this.deadline - Date.now();
    if (msLeft <= 0) {
      this.timer = null;
      this.warning = false;
      this.options.onWarning(null);
      this.options.onTimeout();
      return;
    }
    this.warning = true;
    const secondsLeft = Math.ceil(msLeft / 1000);
    this.options.onWarning({ secondsLeft });
    // Land on whole seconds before the deadline so the countdown reads 30, 29, … 1.
    this.schedule(msLeft - (secondsLeft - 1) * 1000);
  }
}
