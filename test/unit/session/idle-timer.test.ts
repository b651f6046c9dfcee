// The idle countdown: silent, then a warning each second, then the timeout; activity resets it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdleTimer } from '../../../src-main/core/session/idle-timer';

describe('IdleTimer', () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_700_000_000_000 }));
  afterEach(() => vi.useRealTimers());

  function make(timeoutSeconds = 120, warningSeconds = 30) {
    const warnings: ({ secondsLeft: number } | null)[] = [];
    const onTimeout = vi.fn();
    const timer = new IdleTimer({ timeoutSeconds, warningSeconds, onWarning: (w) => warnings.push(w), onTimeout });
    return { timer, warnings, onTimeout };
  }

  it('is silent until the warning window, counts down each second, then times out', () => {
    const { timer, warnings, onTimeout } = make();
    timer.restart();
    vi.advanceTimersByTime(89_999);
    expect(warnings).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(warnings).toEqual([{ secondsLeft: 30 }]);
    vi.advanceTimersByTime(29_000);
    expect(warnings.at(-1)).toEqual({ secondsLeft: 1 });
    expect(warnings).toHaveLength(30);
    expect(onTimeout).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(warnings.at(-1)).toBeNull();
    expect(onTimeout).toHaveBeenCalledTimes(1);
    expect(timer.running).toBe(false);
  });

  it('activity during the countdown clears the warning and starts again', () => {
    const { timer, warnings, onTimeout } = make();
    timer.restart();
    vi.advanceTimersByTime(100_000);
    expect(warnings.at(-1)).toEqual({ secondsLeft: 20 });
    timer.restart();
    expect(warnings.at(-1)).toBeNull();
    vi.advanceTimersByTime(119_000);
    expect(onTimeout).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(onTimeout).toHaveBeenCalledTimes(1);
  });

  it('stop ends everything without a timeout', () => {
    const { timer, onTimeout } = make(10, 30);
    timer.restart();
    vi.advanceTimersByTime(7_000);
    timer.stop();
    vi.advanceTimersByTime(60_000);
    expect(onTimeout).not.toHaveBeenCalled();
  });

  it('caps the warning at half a short timeout', () => {
    const { timer, warnings } = make(10, 30);
    timer.restart();
    vi.advanceTimersByTime(4_999);
    expect(warnings).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(warnings).toEqual([{ secondsLeft: 5 }]);
  });
});
