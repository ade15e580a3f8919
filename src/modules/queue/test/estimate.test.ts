import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { GroupRow } from '../db/queries.ts';
import { estimate, handlingBounds, quantile } from '../queries/waiting-time.ts';
import { ticketCode } from '../commands/tickets.ts';
import { normaliseBookingCode } from '../commands/check-in.ts';
import { parseDay } from '../routes/staff.routes.tsx';

const group = (id: string, minutes = 10): GroupRow => ({
  id,
  location_id: 'l',
  key: id,
  name_de: id,
  name_en: id,
  prefix: 'A',
  range_start: 1,
  range_end: 999,
  for_appointments: false,
  default_minutes: minutes,
  position: 0,
  active: true,
});
const loc = { green_minutes: 15, yellow_minutes: 45 };
const cfg = { estimateMinSamples: 5 };

describe('queue: waiting-time estimate', () => {
  it('quantile: linear interpolation, within min and max', () => {
    assert.equal(quantile([4, 6, 8, 10, 12, 14], 0.25), 6.5);
    assert.equal(quantile([4, 6, 8, 10, 12, 14], 0.75), 11.5);
    assert.equal(quantile([7], 0.75), 7);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e5, noNaN: true }), { minLength: 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (xs, q) => {
          const v = quantile(xs, q);
          return v >= Math.min(...xs) - 1e-9 && v <= Math.max(...xs) + 1e-9;
        },
      ),
    );
  });

  it('falls back to the group default with too few samples', () => {
    assert.deepEqual(handlingBounds([60, 120], group('a', 10), 5), [450, 750]);
    assert.deepEqual(handlingBounds(undefined, group('a', 4), 5), [180, 300]);
  });

  it('no open counter → no estimate, "closed"', () => {
    const r = estimate([group('a')], new Map([['a', 5]]), new Map(), 0, loc, cfg);
    assert.deepEqual(r, { optimisticMinutes: null, pessimisticMinutes: null, light: 'closed' });
  });

  it('nobody waiting → 0 minutes, green', () => {
    assert.deepEqual(estimate([group('a')], new Map(), new Map(), 2, loc, cfg), {
      optimisticMinutes: 0,
      pessimisticMinutes: 0,
      light: 'green',
    });
  });

  it('properties: pessimistic ≥ optimistic; more waiting never less time; more counters never more', () => {
    const samples = fc.array(fc.integer({ min: 30, max: 3600 }), { maxLength: 20 });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 1, max: 20 }),
        samples,
        samples,
        (wa, wb, counters, sa, sb) => {
          const groups = [group('a', 10), group('b', 5)];
          const s = new Map([
            ['a', sa],
            ['b', sb],
          ]);
          const at = (a: number, b: number, c: number) =>
            estimate(
              groups,
              new Map([
                ['a', a],
                ['b', b],
              ]),
              s,
              c,
              loc,
              cfg,
            );
          const e = at(wa, wb, counters);
          assert.ok(e.pessimisticMinutes! >= e.optimisticMinutes!);
          const more = at(wa + 1, wb, counters);
          assert.ok(
            more.optimisticMinutes! >= e.optimisticMinutes! &&
              more.pessimisticMinutes! >= e.pessimisticMinutes!,
          );
          const wider = at(wa, wb, counters + 1);
          assert.ok(
            wider.optimisticMinutes! <= e.optimisticMinutes! &&
              wider.pessimisticMinutes! <= e.pessimisticMinutes!,
          );
          const light =
            e.pessimisticMinutes! <= 15 ? 'green' : e.pessimisticMinutes! <= 45 ? 'yellow' : 'red';
          assert.equal(e.light, light);
        },
      ),
    );
  });
});

describe('queue: small parsers', () => {
  it('ticket codes have at least three digits', () => {
    assert.equal(ticketCode('A', 7, 999), 'A007');
    assert.equal(ticketCode('K', 812, 999), 'K812');
    assert.equal(ticketCode('Z', 12, 1500), 'Z0012');
  });
  it('booking codes ignore spaces, dashes and case', () => {
    assert.equal(normaliseBookingCode(' k7m4 - q2xp '), 'K7M4Q2XP');
  });
  it('dates as TT.MM.JJJJ or ISO; impossible dates are refused', () => {
    assert.equal(parseDay('02.11.2026'), '2026-11-02');
    assert.equal(parseDay('2026-11-02'), '2026-11-02');
    for (const bad of ['31.02.2026', '2026-13-01', 'gestern', '', '1.1.1900', '0.0.0'])
      assert.equal(parseDay(bad), null, bad);
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const r = parseDay(s);
        return r === null || /^\d{4}-\d{2}-\d{2}$/.test(r);
      }),
    );
  });
});
