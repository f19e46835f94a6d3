import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HlcClock, formatHlc, parseHlc } from '../../../main/sync/hlc';

const NODE = '0123456789abcdef';

describe('HlcClock', () => {
  it('stays strictly increasing when the wall clock goes backwards', () => {
    let wall = Date.parse('2026-11-22T10:00:00.000Z');
    const clock = new HlcClock(NODE, null, () => wall);
    const first = clock.now();
    wall -= 60 * 60 * 1000; // the user sets the clock back an hour
    const second = clock.now();
    const third = clock.now();
    expect(second > first).toBe(true);
    expect(third > second).toBe(true);
    expect(parseHlc(second)?.millis).toBe(parseHlc(first)?.millis);
  });

  it('is monotonic for any sequence of wall-clock readings (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4_000_000_000_000 }), { minLength: 1, maxLength: 200 }),
        (walls) => {
          let i = 0;
          const clock = new HlcClock(NODE, null, () => walls[i++ % walls.length] ?? 0);
          let previous = '';
          for (let n = 0; n < walls.length; n++) {
            const stamp = clock.now();
            expect(stamp > previous).toBe(true);
            previous = stamp;
          }
        },
      ),
    );
  });

  it('resumes after the last stamp it was given (restart with a slow clock)', () => {
    const last = '2026-01-01T00:04:00.000Z-0005-' + NODE;
    const clock = new HlcClock(NODE, last, () => Date.parse('2026-01-01T00:00:00.000Z'));
    expect(clock.now() > last).toBe(true);
  });

  it('does not resume after a last stamp further ahead of the wall clock than the drift', () => {
    const wall = Date.parse('2026-01-01T00:00:00.000Z');
    const last = '2026-01-04T00:00:00.000Z-0005-' + NODE;
    const clock = new HlcClock(NODE, last, () => wall);
    expect(parseHlc(clock.now())).toEqual({ millis: wall, counter: 0, node: NODE });
    expect(parseHlc(clock.nowAfter(last))?.millis).toBe(Date.parse('2026-01-04T00:00:00.000Z'));
  });

  it('borrows the next millisecond when the counter is exhausted', () => {
    const clock = new HlcClock(NODE, formatHlc({ millis: 1000, counter: 0xffff, node: NODE }), () => 0);
    expect(parseHlc(clock.now())).toEqual({ millis: 1001, counter: 0, node: NODE });
  });

  it('orders after stamps observed from other devices', () => {
    const clock = new HlcClock(NODE, null, () => 5);
    const remote = formatHlc({ millis: 10_000, counter: 3, node: 'ffffffffffffffff' });
    clock.observe(remote);
    expect(clock.now() > remote).toBe(true);
  });

  it('rejects a malformed node id', () => {
    expect(() => new HlcClock('xyz', null)).toThrow(/16 hex/);
  });
});
