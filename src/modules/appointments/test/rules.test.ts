import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  dayClosed,
  deskSlots,
  freeSlotsOn,
  ruleApplies,
  type LocationSetup,
  type Rule,
} from '../availability.ts';
import { easterSunday, nrwHoliday, nrwHolidays } from '../holidays.ts';
import { foldLine } from '../ics.ts';
import { addDays, berlinDate, berlinInstant, berlinMinutes } from '../time.ts';
import { CODE_ALPHABET, newBookingCode, normaliseBookingCode } from '../tokens.ts';

describe('NRW public holidays', () => {
  it('computes Easter for known years', () => {
    assert.equal(easterSunday(2024), '2024-03-31');
    assert.equal(easterSunday(2025), '2025-04-20');
    assert.equal(easterSunday(2026), '2026-04-05');
    assert.equal(easterSunday(2027), '2027-03-28');
    assert.equal(easterSunday(2038), '2038-04-25');
  });

  it('lists the eleven NRW holidays with the movable ones in 2026 and 2027', () => {
    const d2026 = nrwHolidays(2026).map((h) => h.date);
    assert.deepEqual(d2026, [
      '2026-01-01',
      '2026-04-03',
      '2026-04-06',
      '2026-05-01',
      '2026-05-14',
      '2026-05-25',
      '2026-06-04',
      '2026-10-03',
      '2026-11-01',
      '2026-12-25',
      '2026-12-26',
    ]);
    const d2027 = nrwHolidays(2027).map((h) => h.date);
    assert.ok(d2027.includes('2027-03-26')); // Karfreitag
    assert.ok(d2027.includes('2027-05-06')); // Christi Himmelfahrt
    assert.ok(d2027.includes('2027-05-27')); // Fronleichnam
    assert.equal(nrwHoliday('2025-06-19')?.name, 'Fronleichnam');
    assert.equal(nrwHoliday('2026-11-24'), undefined);
    assert.equal(nrwHolidays(2030).length, 11);
  });
});

const setup: LocationSetup = {
  slotMinutes: 15,
  workstationsPublic: 2,
  workstationsInternal: 1,
  bufferSlots: 0,
  minNoticeMinutes: 120,
  maxDaysAhead: 30,
};
const weekly = (over: Partial<Rule> = {}): Rule => ({
  kind: 'weekly',
  weekdays: [1, 2, 3, 4, 5],
  intervalWeeks: 1,
  nthWeek: null,
  start: 8 * 60,
  end: 12 * 60,
  validFrom: '2026-01-01',
  validUntil: null,
  serviceId: null,
  seats: null,
  ...over,
});

describe('availability rules', () => {
  it('weekly, every n weeks, nth weekday of the month, once, date ranges', () => {
    assert.ok(ruleApplies(weekly(), '2026-11-24'));
    assert.ok(!ruleApplies(weekly(), '2026-11-22'), 'Sunday');
    assert.ok(!ruleApplies(weekly({ validUntil: '2026-11-20' }), '2026-11-24'));
    assert.ok(!ruleApplies(weekly({ validFrom: '2026-12-01' }), '2026-11-24'));
    const biweekly = weekly({ weekdays: [3], intervalWeeks: 2, validFrom: '2026-11-02' });
    assert.ok(ruleApplies(biweekly, '2026-11-04'));
    assert.ok(!ruleApplies(biweekly, '2026-11-11'));
    assert.ok(ruleApplies(biweekly, '2026-11-18'));
    const firstSat = weekly({ kind: 'monthly', weekdays: [6], nthWeek: 1 });
    assert.ok(ruleApplies(firstSat, '2026-12-05'));
    assert.ok(!ruleApplies(firstSat, '2026-12-12'));
    const lastFri = weekly({ kind: 'monthly', weekdays: [5], nthWeek: -1 });
    assert.ok(ruleApplies(lastFri, '2026-11-27'));
    assert.ok(!ruleApplies(lastFri, '2026-11-20'));
    const once = weekly({ kind: 'once', validFrom: '2026-11-28', weekdays: [] });
    assert.ok(ruleApplies(once, '2026-11-28'));
    assert.ok(!ruleApplies(once, '2026-11-29'));
  });

  it('no rule overrides a public holiday; closures close whole days', () => {
    const rules = [
      weekly({ weekdays: [1, 2, 3, 4, 5, 6, 7] }),
      weekly({ kind: 'once', validFrom: '2026-12-25', weekdays: [] }),
    ];
    assert.equal(deskSlots(setup, rules, [], [], '2026-12-25').length, 0);
    assert.equal(dayClosed('2026-12-25', []), 'holiday');
    assert.equal(
      deskSlots(setup, rules, [{ from: '2026-12-28', to: '2026-12-30' }], [], '2026-12-29').length,
      0,
    );
    assert.equal(deskSlots(setup, rules, [], [], '2026-12-29').length, 16);
  });

  it('blocks take workstations away; all-blocks close the time', () => {
    const day = '2026-11-24';
    const blocks = [
      { startsAt: berlinInstant(day, 9 * 60), endsAt: berlinInstant(day, 10 * 60), workstations: 2 },
    ];
    const slots = deskSlots(setup, [weekly()], [], blocks, day);
    const at9 = slots.find((s) => berlinMinutes(s.startsAt) === 9 * 60)!;
    assert.deepEqual([at9.capacityPublic, at9.capacityTotal], [1, 1]);
    const all = deskSlots(setup, [weekly()], [], [{ ...blocks[0]!, workstations: null }], day);
    assert.equal(all.find((s) => berlinMinutes(s.startsAt) === 9 * 60)!.capacityTotal, 0);
  });

  it('booking window (minimum notice, maximum days ahead), buffers and multi-slot demands (fake time)', () => {
    const now = berlinInstant('2026-11-24', 8 * 60);
    const input = {
      setup,
      rules: [weekly()],
      closures: [],
      blocks: [],
      usage: new Map<string, number>(),
      now,
    };
    const today = freeSlotsOn(
      input,
      { groupServiceId: null, slots: 1, units: 1, audience: 'public' },
      '2026-11-24',
    );
    assert.equal(berlinMinutes(today[0]!.startsAt), 10 * 60, 'two hours notice');
    const staff = freeSlotsOn(
      input,
      { groupServiceId: null, slots: 1, units: 1, audience: 'staff' },
      '2026-11-24',
    );
    assert.equal(berlinMinutes(staff[0]!.startsAt), 8 * 60, 'staff book without notice');
    assert.equal(
      freeSlotsOn(input, { groupServiceId: null, slots: 1, units: 1, audience: 'public' }, '2026-12-24')
        .length,
      1 * 16,
    );
    assert.equal(
      freeSlotsOn(input, { groupServiceId: null, slots: 1, units: 1, audience: 'public' }, '2026-12-25')
        .length,
      0,
    );
    assert.equal(
      freeSlotsOn(input, { groupServiceId: null, slots: 1, units: 1, audience: 'public' }, '2026-12-28')
        .length,
      0,
      '> 30 days',
    );
    const long = freeSlotsOn(
      input,
      { groupServiceId: null, slots: 4, units: 1, audience: 'public' },
      '2026-11-25',
    );
    assert.equal(long.length, 16 - 3, 'a one-hour appointment must end by 12:00');
    const buffered = freeSlotsOn(
      { ...input, setup: { ...setup, bufferSlots: 1 } },
      { groupServiceId: null, slots: 4, units: 1, audience: 'public' },
      '2026-11-25',
    );
    assert.equal(buffered.length, 16 - 4);
  });

  it('every free slot lies inside a rule window and starts on the slot grid (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 2 }),
        (offset, slots, buffer) => {
          const day = addDays('2026-11-23', offset);
          const now = berlinInstant('2026-11-23', 7 * 60);
          const res = freeSlotsOn(
            {
              setup: { ...setup, bufferSlots: buffer, maxDaysAhead: 90 },
              rules: [weekly()],
              closures: [],
              blocks: [],
              usage: new Map(),
              now,
            },
            { groupServiceId: null, slots, units: 1, audience: 'public' },
            day,
          );
          for (const s of res) {
            const m = berlinMinutes(s.startsAt);
            assert.equal(berlinDate(s.startsAt), day);
            assert.ok(m >= 8 * 60 && m + (slots + buffer) * 15 <= 12 * 60);
            assert.equal(m % 15, 0);
            assert.ok(!nrwHoliday(day));
          }
        },
      ),
    );
  });

  it('local times across the daylight-saving change', () => {
    assert.equal(berlinInstant('2026-03-29', 9 * 60).toISOString(), '2026-03-29T07:00:00.000Z');
    assert.equal(berlinInstant('2026-03-28', 9 * 60).toISOString(), '2026-03-28T08:00:00.000Z');
    assert.equal(berlinInstant('2026-10-25', 9 * 60).toISOString(), '2026-10-25T08:00:00.000Z');
  });
});

describe('booking codes and ICS folding', () => {
  it('codes use no ambiguous characters and normalise case and dashes', () => {
    for (let i = 0; i < 200; i++) {
      const c = newBookingCode();
      assert.match(c, /^[ACDEFHJKMNPQRTUVWXY3479]{8}$/);
    }
    assert.ok(!/[0O1IL2Z5S6G8B]/.test(CODE_ALPHABET));
    assert.equal(normaliseBookingCode(' ac3d-7fhk '), 'AC3D7FHK');
    assert.equal(normaliseBookingCode('AC3D-7FH0'), null);
    assert.equal(normaliseBookingCode('short'), null);
  });

  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const line = `DESCRIPTION:${'Straßenverkehrsamt Jülicher Landstraße '.repeat(6)}`;
    const folded = foldLine(line);
    for (const part of folded.split('\r\n')) assert.ok(Buffer.byteLength(part) <= 75);
    assert.equal(
      folded
        .split('\r\n')
        .map((p, i) => (i ? p.slice(1) : p))
        .join(''),
      line,
    );
  });
});
