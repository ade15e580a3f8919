import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { I18n } from '../../../kernel/i18n/index.ts';
import { checkIban, checkPhone, checkPostalCode, ibanMod97 } from '../engine/checks.ts';
import { calculateFees, evaluate, pruneAnswers, visibleSteps, type Answers } from '../engine/conditions.ts';
import {
  parseDefinition,
  validateDefinition,
  type FormDefinition,
  type StepDef,
} from '../engine/definition.ts';
import { answersToRaw, changeGroupRaw, parseStep, type ParseContext } from '../engine/fields.ts';
import { shippedForms } from '../forms/index.ts';
import { newReference, REFERENCE_ALPHABET, REFERENCE_RE } from '../reference.ts';

const i18n = new I18n();
i18n.addFiles(new URL('../../../kernel/i18n/', import.meta.url));
i18n.addFiles(new URL('../i18n/', import.meta.url));
const t = i18n.translator('de');

const MUNIS = [
  { id: 'neuss', name: 'Neuss', postalCodes: ['41460', '41462'], kind: 'gemeinde' as const },
  { id: 'dormagen', name: 'Dormagen', postalCodes: ['41539'], kind: 'gemeinde' as const },
  { id: 'rhein-kreis-neuss', name: 'Rhein-Kreis Neuss', postalCodes: [], kind: 'kreis' as const },
];
const ctx = (answers: Answers = {}): ParseContext => ({
  t,
  lang: 'de',
  today: '2026-11-21',
  municipalities: MUNIS,
  answers,
});
const forms = shippedForms();
const form = (slug: string) => forms.find((f) => f.slug === slug)!;
const step1 = (fields: StepDef['fields']): StepDef => ({ id: 's', title: { de: 'S' }, fields });

describe('applications engine: checks', () => {
  it('IBAN: valid numbers pass (spaces, lower case), checksum, length and format errors are told apart', () => {
    assert.deepEqual(checkIban('de89 3704 0044 0532 0130 00'), { ok: true, value: 'DE89370400440532013000' });
    assert.equal(checkIban('AT611904300234573201').ok, true);
    assert.equal(checkIban('GB29NWBK60161331926819').ok, true);
    assert.deepEqual(checkIban('DE88370400440532013000'), { ok: false, reason: 'checksum' });
    assert.deepEqual(checkIban('DE8937040044053201300'), {
      ok: false,
      reason: 'length',
      expected: 22,
      actual: 21,
    });
    assert.deepEqual(checkIban('8937040044053201300'), { ok: false, reason: 'format' });
  });

  it('IBAN property: any single changed digit of a valid IBAN is detected', () => {
    const valid = 'DE89370400440532013000';
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 21 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const d = (Number(valid[pos]) + delta) % 10;
        const changed = valid.slice(0, pos) + String(d) + valid.slice(pos + 1);
        return ibanMod97(changed) !== 1;
      }),
    );
  });

  it('postal codes and phone numbers', () => {
    assert.equal(checkPostalCode('41460'), true);
    assert.equal(checkPostalCode('00999'), false);
    assert.equal(checkPostalCode('4146'), false);
    assert.equal(checkPhone('02131 928-0'), true);
    assert.equal(checkPhone('+49 (2131) 928/0'), true);
    assert.equal(checkPhone('12'), false);
    assert.equal(checkPhone('0211 abc'), false);
  });

  it('references use only unambiguous characters and have the documented shape', () => {
    for (const bad of '0O1IL2Z5S6G8BAEU') assert.ok(!REFERENCE_ALPHABET.includes(bad), bad);
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const r = newReference();
      assert.match(r, REFERENCE_RE);
      seen.add(r);
    }
    assert.ok(seen.size > 1990);
  });
});

describe('applications engine: conditions, fees, groups', () => {
  it('evaluates equals/in/filled/greaterThan/all/any/not and anyItem over a group', () => {
    const a: Answers = { x: 'ja', n: 3, tags: ['a', 'b'], dogs: [{ l: 'nein' }, { l: 'ja' }], empty: '' };
    assert.equal(evaluate({ field: 'x', equals: 'ja' }, a), true);
    assert.equal(evaluate({ field: 'x', notEquals: 'ja' }, a), false);
    assert.equal(evaluate({ field: 'tags', in: ['b'] }, a), true);
    assert.equal(evaluate({ field: 'empty', filled: false }, a), true);
    assert.equal(evaluate({ field: 'missing', filled: true }, a), false);
    assert.equal(evaluate({ field: 'n', greaterThan: 2 }, a), true);
    assert.equal(evaluate({ field: 'n', equals: '3' }, a), true);
    assert.equal(
      evaluate({ all: [{ field: 'x', equals: 'ja' }, { not: { field: 'n', greaterThan: 5 } }] }, a),
      true,
    );
    assert.equal(
      evaluate(
        {
          any: [
            { field: 'x', equals: 'nein' },
            { field: 'n', greaterThan: 5 },
          ],
        },
        a,
      ),
      false,
    );
    assert.equal(evaluate({ anyItem: 'dogs', where: { field: 'l', equals: 'ja' } }, a), true);
    assert.equal(evaluate({ anyItem: 'dogs', where: { field: 'l', equals: 'vielleicht' } }, a), false);
  });

  it('fees: by value (fishing licence), times a number (hunting years), times group items (horses)', () => {
    assert.equal(calculateFees(form('fischereischein'), { gueltigkeit: '1' }).totalCents, 3000);
    assert.equal(calculateFees(form('fischereischein'), { gueltigkeit: '5' }).totalCents, 5400);
    assert.equal(
      calculateFees(form('fischereischein'), {}).totalCents,
      2400,
      'only the fixed fee without a validity',
    );
    assert.equal(calculateFees(form('jagdschein-verlaengerung'), { jagdjahre: 3 }).totalCents, 28500);
    const horses = calculateFees(form('reitkennzeichen'), { pferde: [{}, {}, {}] });
    assert.equal(horses.totalCents, 9000);
    assert.equal(horses.lines[0]!.id, 'reitabgabe');
    assert.equal(calculateFees(form('hundesteuer-anmeldung'), {}).totalCents, 0);
  });

  it('conditional steps appear and disappear; pruning drops answers that no longer apply', () => {
    const def = form('hundesteuer-anmeldung');
    const ids = (a: Answers) => visibleSteps(def, a).map((s) => s.id);
    assert.deepEqual(ids({ hunde: [{ listenhund: 'nein' }] }), ['halter', 'hunde']);
    assert.deepEqual(ids({ hunde: [{ listenhund: 'nein' }, { listenhund: 'ja' }] }), [
      'halter',
      'hunde',
      'gefaehrlich',
    ]);
    const pruned = pruneAnswers(def, {
      hunde: [{ name: 'Bello', listenhund: 'nein' }],
      erlaubnis: [],
      fremd: 'x',
    });
    assert.deepEqual(Object.keys(pruned), ['hunde']);
    const park = form('bewohnerparkausweis');
    assert.deepEqual(
      visibleSteps(park, { fahrzeugart: 'firmenwagen' }).map((s) => s.id),
      ['person', 'fahrzeug', 'arbeitgeber'],
    );
    assert.deepEqual(
      visibleSteps(park, { fahrzeugart: 'eigenes' }).map((s) => s.id),
      ['person', 'fahrzeug'],
    );
  });

  it('group raw: add appends an item, remove shifts later items up', () => {
    const g = form('reitkennzeichen').steps[1]!.fields[0]!;
    const raw = {
      'pferde-count': '3',
      'pferde-0-name': 'A',
      'pferde-1-name': 'B',
      'pferde-2-name': 'C',
      other: 'x',
    };
    assert.equal(changeGroupRaw(raw, g, { add: true })['pferde-count'], '4');
    const removed = changeGroupRaw(raw, g, { remove: 1 });
    assert.deepEqual(removed, {
      other: 'x',
      'pferde-0-name': 'A',
      'pferde-1-name': 'C',
      'pferde-count': '2',
    });
    // The count is bounded by maxItems whatever the body claims.
    assert.equal(
      parseStep(form('reitkennzeichen').steps[1]!, { 'pferde-count': '9999' }, ctx()).values.pferde instanceof
        Array,
      true,
    );
    assert.ok(
      (
        parseStep(form('reitkennzeichen').steps[1]!, { 'pferde-count': '9999' }, ctx()).values
          .pferde as unknown[]
      ).length <= 10,
    );
  });
});

describe('applications engine: field validation (German messages)', () => {
  it('text, e-mail, phone, number, pattern', () => {
    const step = step1([
      { name: 'a', type: 'text', label: { de: 'Name' }, required: true, maxLength: 5 },
      { name: 'b', type: 'email', label: { de: 'E-Mail' } },
      { name: 'c', type: 'phone', label: { de: 'Telefon' } },
      { name: 'd', type: 'number', label: { de: 'Anzahl' }, integer: true, min: 1, max: 3 },
      { name: 'e', type: 'number', label: { de: 'Betrag' } },
      { name: 'f', type: 'text', label: { de: 'Kennzeichen' }, pattern: '[A-Z]{1,3}-[A-Z]{1,2} [0-9]{1,4}' },
    ]);
    const r = parseStep(
      step,
      { a: 'zu lang', b: 'kein-at', c: 'abc', d: '1,5', e: '12,50', f: 'ne ab 1' },
      ctx(),
    );
    assert.equal(r.errors.a, '„Name“ darf höchstens 5 Zeichen lang sein.');
    assert.match(r.errors.b!, /E-Mail-Adresse im richtigen Format/);
    assert.match(r.errors.c!, /Telefonnummer/);
    assert.equal(r.errors.d, '„Anzahl“ muss eine ganze Zahl sein.');
    assert.equal(r.errors.e, undefined);
    assert.equal(r.values.e, 12.5);
    assert.equal(r.errors.f, '„Kennzeichen“ hat nicht das richtige Format.');
    const r2 = parseStep(step, { a: '', d: '7' }, ctx());
    assert.equal(r2.errors.a, 'Bitte geben Sie „Name“ an.');
    assert.equal(r2.errors.d, '„Anzahl“ darf höchstens 3 sein.');
  });

  it('date (three fields), yes/no, radios, checkboxes, select', () => {
    const step = step1([
      { name: 'geb', type: 'date', label: { de: 'Geburtsdatum' }, required: true, notFuture: true },
      { name: 'yn', type: 'yesno', label: { de: 'Hund?' }, required: true },
      { name: 'r', type: 'radios', label: { de: 'Dauer' }, options: [{ value: '1', label: { de: '1' } }] },
      {
        name: 'cb',
        type: 'checkboxes',
        label: { de: 'Tage' },
        required: true,
        options: [
          { value: 'mo', label: { de: 'Mo' } },
          { value: 'di', label: { de: 'Di' } },
        ],
      },
      { name: 's', type: 'select', label: { de: 'Amt' }, options: [{ value: 'x', label: { de: 'X' } }] },
    ]);
    let r = parseStep(
      step,
      {
        'geb-day': '30',
        'geb-month': '2',
        'geb-year': '2020',
        yn: 'vielleicht',
        r: '9',
        cb: ['mo', 'xx'],
        s: 'y',
      },
      ctx(),
    );
    assert.match(r.errors['geb-day']!, /Februar|Tag/);
    assert.equal(r.errors.yn, 'Bitte wählen Sie eine der angebotenen Möglichkeiten aus.');
    assert.ok(r.errors.r && r.errors.cb && r.errors.s);
    r = parseStep(
      step,
      { 'geb-day': '1', 'geb-month': '1', 'geb-year': '2030', yn: 'ja', cb: ['mo', 'di', 'mo'] },
      ctx(),
    );
    assert.match(r.errors['geb-day']!, /Zukunft/);
    assert.deepEqual(r.values.cb, ['mo', 'di']);
    r = parseStep(step, {}, ctx());
    assert.equal(r.errors['geb-day'], 'Bitte geben Sie „Geburtsdatum“ an, zum Beispiel 27 3 1985.');
    assert.equal(r.errors.cb, 'Bitte wählen Sie bei „Tage“ eine Möglichkeit aus.');
    assert.equal(
      parseStep(step, { 'geb-day': '3', 'geb-month': '04', 'geb-year': '1990', yn: 'nein', cb: 'di' }, ctx())
        .values.geb,
      '1990-04-03',
    );
  });

  it('address with postal code belonging to the chosen town; IBAN messages', () => {
    const step = step1([
      { name: 'kommune', type: 'municipality', label: { de: 'Kommune' }, required: true },
      { name: 'adr', type: 'address', label: { de: 'Anschrift' }, required: true, postalCodeIn: 'kommune' },
      { name: 'iban', type: 'iban', label: { de: 'IBAN' } },
    ]);
    const adr = { 'adr-street': 'Markt', 'adr-houseNumber': '1a', 'adr-city': 'Dormagen' };
    let r = parseStep(
      step,
      { kommune: 'dormagen', ...adr, 'adr-postalCode': '41460', iban: 'DE88370400440532013000' },
      ctx(),
    );
    assert.equal(
      r.errors['adr-postalCode'],
      'Die Postleitzahl 41460 gehört nicht zu Dormagen. Prüfen Sie die Postleitzahl oder die gewählte Kommune.',
    );
    assert.match(r.errors.iban!, /Prüfziffern passen nicht/);
    r = parseStep(
      step,
      { kommune: 'dormagen', ...adr, 'adr-postalCode': '415 39', iban: 'DE89 3704 0044 0532 0130 0' },
      ctx(),
    );
    assert.equal(r.errors['adr-postalCode'], undefined);
    assert.equal(r.errors.iban, 'Die IBAN muss 22 Zeichen lang sein; Ihre Eingabe hat 21.');
    r = parseStep(
      step,
      {
        kommune: 'rhein-kreis-neuss',
        'adr-street': 'X',
        'adr-houseNumber': 'abc',
        'adr-postalCode': '1234',
        'adr-city': '',
      },
      ctx(),
    );
    assert.equal(
      r.errors.kommune,
      'Bitte wählen Sie eine der angebotenen Möglichkeiten aus.',
      'the Kreis is no town here',
    );
    assert.match(r.errors['adr-houseNumber']!, /Hausnummer muss mit einer Zahl beginnen/);
    assert.match(r.errors['adr-postalCode']!, /5 Ziffern/);
    assert.equal(r.errors['adr-city'], 'Bitte geben Sie den Ort an.');
  });

  it('requiredIf and showIf on the same step are decided with the posted values', () => {
    const def = form('allgemeine-anfrage');
    const kontakt = def.steps[2]!;
    let r = parseStep(kontakt, { vorname: 'A', nachname: 'B', antwortweg: 'post', email: 'a@b.de' }, ctx());
    assert.equal(
      r.errors['anschrift-street'],
      'Bitte geben Sie „Anschrift“ an: Straße, Hausnummer, Postleitzahl und Ort.',
    );
    r = parseStep(
      kontakt,
      { vorname: 'A', nachname: 'B', antwortweg: 'email', email: 'a@b.de', 'anschrift-street': 'egal' },
      ctx(),
    );
    assert.deepEqual(r.errors, {});
    assert.equal(r.values.anschrift, undefined, 'a hidden field is not kept');
  });

  it('answers → raw → parse is lossless for every shipped form (round trip of valid answers)', () => {
    const def = form('reitkennzeichen');
    const answers: Answers = {
      pferde: [
        { name: 'Fee', geburtsjahr: 2015, geschlecht: 'stute', ueln: '' },
        { name: 'Max', geburtsjahr: 2010, geschlecht: 'wallach', ueln: '276098765432101' },
      ],
    };
    const step = def.steps[1]!;
    const r = parseStep(step, answersToRaw(step, answers), ctx(answers));
    assert.deepEqual(r.errors, {});
    assert.deepEqual(r.values, answers);
  });

  it('property: hostile bodies never throw and never produce values outside the options', () => {
    for (const def of forms)
      for (const step of def.steps)
        fc.assert(
          fc.property(
            fc.dictionary(
              fc.oneof(
                fc.constantFrom(
                  ...step.fields.flatMap((f) => [
                    f.name,
                    `${f.name}-count`,
                    `${f.name}-0-name`,
                    `${f.name}-day`,
                    `${f.name}-postalCode`,
                  ]),
                ),
                fc.string(),
              ),
              fc.oneof(
                fc.string(),
                fc.array(fc.string(), { maxLength: 3 }),
                fc.constantFrom('9999', '-1', '__proto__', '\u0000', 'ja'),
              ),
            ),
            (raw) => {
              const r = parseStep(step, raw, ctx());
              for (const f of step.fields) {
                const v = r.values[f.name];
                if ((f.type === 'radios' || f.type === 'select') && v)
                  assert.ok(f.options!.some((o) => o.value === v));
                if (f.type === 'group') assert.ok(Array.isArray(v) && v.length <= (f.maxItems ?? 20));
              }
            },
          ),
          { numRuns: 60 },
        );
  });
});

describe('applications engine: form definitions', () => {
  it('the six shipped forms are valid and cover fee, attachments, repeatable group and conditional steps', () => {
    assert.equal(forms.length, 6);
    assert.ok(forms.some((f) => (f.fees ?? []).length > 0));
    assert.ok(forms.some((f) => f.steps.some((s) => s.fields.some((x) => x.type === 'file'))));
    assert.ok(forms.some((f) => f.steps.some((s) => s.fields.some((x) => x.type === 'group'))));
    assert.ok(forms.some((f) => f.steps.some((s) => s.showIf)));
  });

  it('invalid definitions are rejected with a JSON pointer to the faulty part', () => {
    const base = form('fischereischein');
    const broken = (mutate: (d: FormDefinition) => void) => {
      const d = structuredClone(base);
      mutate(d);
      const r = validateDefinition(d);
      assert.equal(r.ok, false);
      return (r as { errors: { path: string; message: string }[] }).errors;
    };
    let e = broken((d) => ((d.steps[1]!.fields[0] as { type: string }).type = 'slider'));
    assert.equal(e[0]!.path, '/steps/1/fields/0/type');
    assert.match(e[0]!.message, /muss einer dieser Typen sein/);
    e = broken((d) => (d.fees![0]!.byValue!.field = 'gibtsnicht'));
    assert.equal(e[0]!.path, '/fees/0/byValue/field');
    e = broken((d) => (d.steps[2]!.showIf = { field: 'gueltigkeit', equals: '7' }));
    assert.deepEqual(e[0], {
      path: '/steps/2/showIf/equals',
      message: '"7" ist kein Wert des Feldes "gueltigkeit" (1, 5)',
    });
    e = broken((d) => (d.steps[0]!.fields[1]!.name = 'vorname'));
    assert.match(e.find((x) => x.path === '/steps/0/fields/1/name')!.message, /kommt mehrfach vor/);
    e = broken((d) => ((d.steps[0]!.fields[0] as { label: unknown }).label = 'Vorname'));
    assert.equal(e[0]!.path, '/steps/0/fields/0/label');
    e = broken((d) => (d.declarations = []));
    assert.equal(e[0]!.path, '/declarations');
    e = broken((d) => delete d.payment);
    assert.equal(e[0]!.path, '/payment');
    const syntax = parseDefinition('{"slug": ');
    assert.equal(syntax.ok, false);
    assert.match((syntax as { errors: { message: string }[] }).errors[0]!.message, /kein gültiges JSON/);
  });

  it('property: random JSON never throws in the validator', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => void validateDefinition(v)),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...forms), fc.string(), fc.jsonValue(), (def, key, value) => {
        const d = structuredClone(def) as unknown as Record<string, unknown>;
        (d.steps as Record<string, unknown>[])[0]![key] = value;
        validateDefinition(d);
      }),
      { numRuns: 200 },
    );
  });
});
