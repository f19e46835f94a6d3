/**
 * Hybrid logical clock. A timestamp is `<ISO millis>-<counter, 4 hex>-<node, 16 hex>`; plain
 * string order is causal order, and the node part makes every device's stamps distinct.
 *
 * The wall clock may go backwards (NTP corrections, a user fixing the date); the HLC never does:
 * it keeps the larger of wall time and the last stamp and counts up within one millisecond. It
 * never runs further ahead of its wall clock than the allowed drift (MAX_CLOCK_DRIFT_MS), neither
 * by stamps it observes nor by the stamp it resumes from after a restart.
 */
import { MAX_CLOCK_DRIFT_MS } from '../../shared/sync/sync.schema';

export interface HlcParts {
  millis: number;
  counter: number;
  node: string;
}

const MAX_COUNTER = 0xffff;
const PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{4})-([0-9a-f]{16})$/;

export function formatHlc({ millis, counter, node }: HlcParts): string {
  return `${new Date(millis).toISOString()}-${counter.toString(16).padStart(4, '0')}-${node}`;
}

export function parseHlc(stamp: string): HlcParts | null {
  const match = PATTERN.exec(stamp);
  if (!match) return null;
  const [, iso = '', counter = '', node = ''] = match;
  return { millis: Date.parse(iso), counter: parseInt(counter, 16), node };
}

export function isNodeId(node: string): boolean {
  return /^[0-9a-f]{16}$/.test(node);
}

export class HlcClock {
  private last: HlcParts;
  private readonly wallClock: () => number;

  /**
   * `lastStamp` is the newest stamp in the log: a restart resumes after it, so stamps keep rising
   * when the wall clock went back a little. One further ahead of the wall clock than `maxAheadMs`
   * came from a wrong clock — another device's (which `observe` did not follow either), this one's
   * before it was corrected, or an edit ordered just after such a stamp (`nowAfter`): resuming
   * after it would put every later stamp that far ahead, so the clock starts from its wall clock.
   * Edits still order after what their record holds (`nowAfter`).
   */
  constructor(
    node: string,
    lastStamp: string | null,
    wallClock: () => number = Date.now,
    maxAheadMs: number = MAX_CLOCK_DRIFT_MS,
  ) {
    if (!isNodeId(node)) throw new Error(`HLC node id must be 16 hex digits, got "${node}"`);
    const parsed = lastStamp ? parseHlc(lastStamp) : null;
    const previous = parsed && parsed.millis - wallClock() <= maxAheadMs ? parsed : null;
    this.last = { millis: previous?.millis ?? 0, counter: previous?.counter ?? 0, node };
    this.wallClock = wallClock;
  }

  /** A new stamp for a local write: strictly greater than every stamp this clock has seen. */
  now(): string {
    const wall = this.wallClock();
    let { millis, counter } = this.last;
    if (wall > millis) {
      millis = wall;
      counter = 0;
    } else if (counter < MAX_COUNTER) {
      counter += 1;
    } else {
      // 65,536 writes in one logical millisecond: borrow the next millisecond rather than fail.
      millis += 1;
      counter = 0;
    }
    this.last = { millis, counter, node: this.last.node };
    return formatHlc(this.last);
  }

  /**
   * Moves this clock past a stamp seen from elsewhere, so later local stamps order after it.
   * A stamp further ahead of this computer's wall clock than `maxAheadMs` (a device whose clock is
   * wrong) is not followed: returns false so the caller can flag that device.
   */
  observe(stamp: string, maxAheadMs = Number.POSITIVE_INFINITY): boolean {
    const remote = parseHlc(stamp);
    if (!remote) return true;
    if (remote.millis - this.wallClock() > maxAheadMs) return false;
    if (
      remote.millis > this.last.millis ||
      (remote.millis === this.last.millis && remote.counter > this.last.counter)
    ) {
      this.last = { millis: remote.millis, counter: remote.counter, node: this.last.node };
    }
    return true;
  }

  /**
   * A stamp for a local write that must order after `floor` (the newest stamp on the record being
   * written). Normally that is `now()`; when the floor came from a device whose clock runs ahead
   * (not followed by `observe`), the write gets a stamp just after the floor instead, so the edit
   * still wins, while the clock itself does not jump.
   */
  nowAfter(floor: string | undefined): string {
    const stamp = this.now();
    if (!floor || stamp > floor) return stamp;
    const parts = parseHlc(floor);
    if (!parts) return stamp;
    const bumped =
      parts.counter < MAX_COUNTER
        ? { millis: parts.millis, counter: parts.counter + 1 }
        : { millis: parts.millis + 1, counter: 0 };
    return formatHlc({ ...bumped, node: this.last.node });
  }

  wallTime(): number {
    return this.wallClock();
  }

  lastStamp(): string {
    return formatHlc(this.last);
  }
}
