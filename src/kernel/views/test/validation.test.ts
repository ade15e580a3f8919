import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FormValidator, formValue, formValues } from '../validation.ts';
import { translator } from './support.ts';

const t = translator('de');

describe('FormValidator', () => {
  it('reports a missing required field with its label and keeps valid fields quiet', () => {
    const v = new FormValidator(t, { name: '  Kim ', message: '   ' });
    assert.equal(v.text('name', { label: 'Name', required: true }), 'Kim');
    assert.equal(v.text('message', { label: 'Nachricht', required: true }), '');
    assert.equal(v.ok, false);
    assert.deepEqual(v.errors, { message: 'Bitte füllen Sie das Feld „Nachricht“ aus.' });
  });

  it('enforces the maximum length and uses custom messages when given', () => {
    const v = new FormValidator(t, { a: 'x'.repeat(11), b: '' });
    v.text('a', { label: 'A', maxLength: 10 });
    v.text('b', { label: 'B', required: true, messages: { required: 'Geben Sie B ein.' } });
    assert.deepEqual(v.errors, { a: '„A“ darf höchstens 10 Zeichen lang sein.', b: 'Geben Sie B ein.' });
  });

  it('checks e-mail addresses', () => {
    const ok = ['kim@example.org', 'a.b+c@sub.example.de'];
    const bad = ['kim', 'kim@', '@example.org', 'kim@example', 'kim @example.org', 'a@b@c.de'];
    for (const email of ok) {
      const v = new FormValidator(t, { email });
      v.email('email', { label: 'E-Mail' });
      assert.equal(v.ok, true, email);
    }
    for (const email of bad) {
      const v = new FormValidator(t, { email });
      v.email('email', { label: 'E-Mail' });
      assert.match(v.errors.email ?? '', /E-Mail-Adresse im richtigen Format/, email);
    }
    const empty = new FormValidator(t, { email: '' });
    empty.email('email', { label: 'E-Mail' });
    assert.equal(empty.ok, true, 'an optional empty e-mail is fine');
  });

  it('checks German postal codes and forgives inner spaces', () => {
    const v = new FormValidator(t, { a: '41 460', b: '4146', c: '41460x' });
    assert.equal(v.postalCode('a', { label: 'PLZ' }), '41460');
    v.postalCode('b', { label: 'PLZ' });
    v.postalCode('c', { label: 'PLZ' });
    assert.deepEqual(Object.keys(v.errors), ['b', 'c']);
    assert.equal(v.errors.b, 'Die Postleitzahl muss aus genau 5 Ziffern bestehen, zum Beispiel 41460.');
  });

  it('accepts only offered choices', () => {
    const v = new FormValidator(t, { r: 'x', c: ['a', 'zz'], e: '' });
    assert.equal(v.choice('r', ['a', 'b'], { label: 'R' }), '');
    assert.deepEqual(v.choices('c', ['a', 'b'], { label: 'C' }), []);
    v.choice('e', ['a'], { label: 'Farbe', required: true });
    assert.equal(v.errors.r, 'Bitte wählen Sie eine der angebotenen Möglichkeiten aus.');
    assert.equal(v.errors.c, 'Bitte wählen Sie eine der angebotenen Möglichkeiten aus.');
    assert.equal(v.errors.e, 'Bitte wählen Sie bei „Farbe“ eine Möglichkeit aus.');
    const ok = new FormValidator(t, { c: ['b', 'a', 'b'] });
    assert.deepEqual(ok.choices('c', ['a', 'b'], { label: 'C' }), ['b', 'a']);
  });

  it('reads three-part dates and records the error at the first wrong part', () => {
    const v = new FormValidator(t, { 'geb-day': '12', 'geb-month': '13', 'geb-year': '1990' });
    assert.equal(v.date('geb', { label: 'Geburtsdatum', required: true }), null);
    assert.deepEqual(v.errors, { 'geb-month': 'Der Monat muss zwischen 1 und 12 liegen.' });
    assert.deepEqual(v.dateParts.geb, ['month']);
    const ok = new FormValidator(t, { 'geb-day': '12', 'geb-month': '3', 'geb-year': '1990' });
    assert.equal(
      ok.date('geb', { label: 'Geburtsdatum', required: true, notFuture: true, today: '2026-11-21' }),
      '1990-03-12',
    );
  });

  it('strips control characters and normalises line breaks', () => {
    const v = new FormValidator(t, { m: 'a\u0000b\r\nc\u0007' });
    assert.equal(v.text('m', { label: 'M' }), 'ab\nc');
  });

  it('never throws on hostile bodies (property)', () => {
    const value = fc.oneof(fc.string(), fc.array(fc.string()), fc.integer(), fc.constant(null), fc.object());
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(fc.string(), value), fc.constant(null), fc.string()), (body) => {
        const v = new FormValidator(t, body);
        v.text('message', { label: 'M', required: true, maxLength: 5 });
        v.email('email', { label: 'E' });
        v.postalCode('plz', { label: 'P' });
        v.choice('c', ['a'], { label: 'C', required: true });
        v.choices('cs', ['a'], { label: 'C' });
        v.date('d', { label: 'D' });
        return Object.values(v.errors).every((m) => typeof m === 'string' && m.length > 0);
      }),
    );
  });
});

describe('formValue / formValues', () => {
  it('takes the first of repeated values and ignores non-strings', () => {
    assert.equal(formValue({ a: ['x', 'y'] }, 'a'), 'x');
    assert.equal(formValue({ a: 5 }, 'a'), '');
    assert.equal(formValue(undefined, 'a'), '');
    assert.deepEqual(formValues({ a: 'x' }, 'a'), ['x']);
    assert.deepEqual(formValues({ a: ['x', 3] }, 'a'), ['x']);
  });
});
