import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderToString } from 'preact-render-to-string';
import {
  Alert,
  Badge,
  ButtonLink,
  Checkboxes,
  DateField,
  EmailField,
  ErrorSummary,
  FileField,
  Form,
  Pagination,
  PasswordField,
  Radios,
  Select,
  SummaryList,
  Table,
  TextArea,
  TextField,
  pageWindow,
} from '../components.tsx';
import { Layout } from '../layout.tsx';
import { renderPage } from '../render.ts';
import { fakeContext } from './support.ts';

const ctx = fakeContext();
const html = (node: preact.VNode) => renderToString(node);

describe('form fields', () => {
  it('link label, hint and error to the input', () => {
    const out = html(
      <TextField
        ctx={ctx}
        name="plz"
        label="Postleitzahl"
        hint="5 Ziffern"
        error="Falsch"
        value={'<b>'}
        required
      />,
    );
    assert.match(out, /<label class="kern-label" for="f-plz">Postleitzahl<\/label>/);
    assert.match(out, /aria-describedby="f-plz-hint f-plz-error"/);
    assert.match(out, /aria-invalid="true"/);
    assert.match(out, /class="kern-form-input kern-form-input--error"/);
    assert.match(out, /<span class="kern-sr-only">Fehler: <\/span>Falsch/);
    assert.match(out, /value="&lt;b>"/, 'values are escaped');
  });

  it('mark optional fields and never echo passwords', () => {
    assert.match(
      html(<EmailField ctx={ctx} name="email" label="E-Mail" value="a@b.de" />),
      /\(optional\)[\s\S]*type="email"[\s\S]*autocomplete="email"/,
    );
    const pw = html(
      <PasswordField ctx={ctx} name="pw" label="Passwort" autocomplete="current-password" required />,
    );
    assert.doesNotMatch(pw, /value=/);
    assert.match(pw, /type="password"/);
    assert.match(
      html(<TextArea ctx={ctx} name="m" label="Nachricht" value="hallo" />),
      /<textarea[^>]*id="f-m"[^>]*>hallo<\/textarea>/,
    );
    assert.match(
      html(<FileField ctx={ctx} name="doc" label="Datei" accept=".pdf" />),
      /type="file"[^>]*accept=".pdf"/,
    );
  });

  it('select marks the chosen option and offers an empty choice first', () => {
    const out = html(
      <Select
        ctx={ctx}
        name="s"
        label="Wahl"
        options={[
          { value: 'a', label: 'A' },
          { value: 'b', label: 'B' },
        ]}
        value="b"
      />,
    );
    assert.match(out, /<option value(="")?>Bitte auswählen<\/option>/);
    assert.match(out, /<option value="b" selected>B<\/option>/);
  });

  it('radios and checkboxes are a fieldset with legend; the first option carries the field id', () => {
    const out = html(
      <Radios
        ctx={ctx}
        name="k"
        legend="Kommune"
        options={[
          { value: 'a', label: 'A' },
          { value: 'b', label: 'B', hint: 'Hinweis' },
        ]}
        value="b"
        error="Wählen"
        required
      />,
    );
    assert.match(out, /<fieldset class="kern-fieldset kern-fieldset--error"/);
    assert.match(out, /<legend class="kern-label">Kommune<\/legend>/);
    assert.match(out, /id="f-k" name="k" type="radio" value="a"/);
    assert.match(out, /id="f-k-1" name="k" type="radio" value="b" checked aria-describedby="f-k-1-hint"/);
    const cb = html(
      <Checkboxes
        ctx={ctx}
        name="c"
        legend="Was?"
        options={[
          { value: 'x', label: 'X' },
          { value: 'y', label: 'Y' },
        ]}
        values={['y']}
      />,
    );
    assert.match(cb, /type="checkbox" value="y" checked/);
    assert.match(cb, /\(optional\)/);
  });

  it('date field highlights only the wrong part and finds its error under any part name', () => {
    const out = html(
      <DateField
        ctx={ctx}
        name="geb"
        legend="Geburtsdatum"
        value={{ day: '1', month: '13', year: '1990' }}
        errors={{ 'geb-month': 'Der Monat muss zwischen 1 und 12 liegen.' }}
      />,
    );
    assert.match(out, /<legend class="kern-label">Geburtsdatum/);
    assert.match(out, /Der Monat muss zwischen 1 und 12 liegen\./);
    assert.match(out, /id="f-geb-month" name="geb-month" value="13" maxLength="2" aria-invalid="true"/i);
    assert.doesNotMatch(out, /id="f-geb-day"[^>]*aria-invalid/);
    assert.match(out, /name="geb-year"[^>]*maxLength="4"/i);
  });
});

describe('error summary and form', () => {
  it('lists each error as a link to its field and is focusable', () => {
    const out = html(
      <ErrorSummary ctx={ctx} errors={{ message: 'Bitte Nachricht', 'geb-day': 'Tag fehlt' }} />,
    );
    assert.match(out, /id="error-summary"[^>]*tabindex="-1"|tabindex="-1"[^>]*id="error-summary"/i);
    assert.match(out, /<h2 class="kern-title" id="error-summary-title">Es gibt ein Problem<\/h2>/);
    assert.match(out, /href="#f-message">Bitte Nachricht/);
    assert.match(out, /href="#f-geb-day">Tag fehlt/);
    assert.equal(html(<ErrorSummary ctx={ctx} errors={{}} />), '');
  });

  it('puts the CSRF token into every form, and into the query for multipart', () => {
    assert.match(
      html(
        <Form ctx={ctx} action="/x">
          <span />
        </Form>,
      ),
      /<input type="hidden" name="_csrf" value="test-token"\/>/,
    );
    assert.match(
      html(
        <Form ctx={ctx} action="/x?a=1" multipart>
          <span />
        </Form>,
      ),
      /action="\/x\?a=1&amp;_csrf=test-token"[^>]*enctype="multipart\/form-data"/,
    );
  });
});

describe('table, pagination, summary list, alerts, buttons', () => {
  it('table has a caption, column headers with scope and row headers', () => {
    const out = html(
      <Table
        id="t"
        caption="Öffnungszeiten"
        columns={[
          { key: 'd', label: 'Tag' },
          { key: 'n', label: 'Anzahl', numeric: true },
        ]}
        rowHeader="d"
        rows={[{ d: 'Mo', n: 3 }]}
      />,
    );
    assert.match(out, /role="region" aria-labelledby="t-caption" tabindex="0"/i);
    assert.match(out, /<caption class="kern-title" id="t-caption">Öffnungszeiten<\/caption>/);
    assert.match(out, /<th scope="col" class="kern-table__header">Tag<\/th>/);
    assert.match(out, /<th scope="row" class="kern-table__header">Mo<\/th>/);
    assert.match(out, /kern-table__cell--numeric">3<\/td>/);
  });

  it('pagination marks the current page and links its neighbours', () => {
    const out = html(<Pagination ctx={ctx} page={5} pageCount={10} href={(p) => `/liste?seite=${p}`} />);
    assert.match(out, /<nav class="ok-pagination" aria-label="Seitennavigation">/);
    assert.match(out, /href="\/liste\?seite=5" aria-current="page" aria-label="Seite 5, aktuelle Seite"/);
    assert.match(out, /rel="prev"/);
    assert.match(out, /rel="next"/);
    assert.equal(html(<Pagination ctx={ctx} page={1} pageCount={1} href={String} />), '');
    assert.deepEqual(pageWindow(5, 10), [1, null, 4, 5, 6, null, 10]);
    assert.deepEqual(pageWindow(1, 3), [1, 2, 3]);
    assert.deepEqual(pageWindow(4, 6), [1, 2, 3, 4, 5, 6]);
  });

  it('summary list has change links with the key for screen readers', () => {
    const out = html(
      <SummaryList
        ctx={ctx}
        rows={[
          { key: 'Name', value: 'Kim', changeHref: '/a#name' },
          { key: 'Telefon', value: '' },
        ]}
      />,
    );
    assert.match(out, /<dt class="kern-description-list-item__key">Name<\/dt>/);
    assert.match(out, /href="\/a#name">Ändern<span class="kern-sr-only"> Name<\/span>/);
    assert.match(out, /Keine Angabe/);
  });

  it('alerts, badges and button links use KERN classes', () => {
    assert.match(
      html(<Alert type="success" title="Gespeichert" headingLevel={2} />),
      /kern-alert kern-alert--success[\s\S]*<h2 class="kern-title">Gespeichert<\/h2>/,
    );
    assert.match(html(<Alert type="danger" title="x" live />), /role="alert"/);
    assert.match(
      html(<Badge tone="warning" label="Platzhalter" />),
      /kern-badge kern-badge--warning[\s\S]*Platzhalter/,
    );
    assert.match(
      html(<ButtonLink href="/los" label="Los" variant="secondary" />),
      /<a class="kern-btn kern-btn--secondary" href="\/los"><span class="kern-label">Los<\/span><\/a>/,
    );
  });
});

describe('layout', () => {
  const page = (c = ctx, extra = {}) =>
    renderPage(
      <Layout
        ctx={c}
        title="Titel"
        breadcrumbs={[{ href: '/', label: 'Startseite' }, { label: 'Hier' }]}
        {...extra}
      >
        <h1>Titel</h1>
      </Layout>,
    );

  it('is a KERN page with skip link first, landmarks, Kopfzeile and footer links', () => {
    const out = page();
    assert.match(out, /^<!doctype html><html lang="de">/);
    assert.ok(out.indexOf('ok-skip-link') < out.indexOf('<header'), 'skip link comes first');
    assert.match(out, /<a class="ok-skip-link" href="#main">Zum Inhalt springen<\/a>/);
    assert.match(out, /class="kern-kopfzeile"/);
    assert.match(out, /<nav class="ok-nav" aria-label="Hauptnavigation">/);
    assert.match(out, /<nav class="kern-container ok-breadcrumbs" aria-label="Sie sind hier">/);
    assert.match(out, /<span aria-current="page">Hier<\/span>/);
    assert.match(out, /<main id="main" class="kern-container ok-main" tabindex="-1">/i);
    for (const href of [
      '/impressum',
      '/datenschutz',
      '/barrierefreiheit',
      '/leichte-sprache',
      '/gebaerdensprache',
      '/kontakt',
    ]) {
      assert.match(out, new RegExp(`<footer[\\s\\S]*href="${href}"`), href);
    }
    assert.match(out, /<title>Titel – Rhein-Kreis Neuss – Serviceportal<\/title>/);
  });

  it('has no inline styles and loads scripts only from files with the nonce', () => {
    const out = page();
    assert.doesNotMatch(out, /style="/);
    assert.doesNotMatch(out, /<script(?![^>]*\bsrc=)/);
    assert.match(out, /<script src="\/assets\/ok.js" nonce="test-nonce" defer>/);
  });

  it('keeps the page on language switch and names the other language in that language', () => {
    const out = page();
    assert.match(out, /href="\/sprache\/en\?zurueck=%2Fseite%3Fx%3D1" lang="en" hreflang="en"/i);
    assert.match(out, /<span class="kern-sr-only">Switch to English<\/span>/);
  });

  it('prefixes the title on errors and shows extra header links', () => {
    const out = page(
      fakeContext({
        utilityLinks: [{ href: '/meine-kommune', label: 'Meine Kommune: Kaarst', icon: 'home' }],
      }),
      { hasErrors: true },
    );
    assert.match(out, /<title>Fehler: Titel/);
    assert.match(out, /href="\/meine-kommune">[\s\S]*Meine Kommune: Kaarst/);
  });

  it('renders in English', () => {
    const out = page(fakeContext({ lang: 'en' }));
    assert.match(out, /<html lang="en">/);
    assert.match(out, /Skip to content/);
    assert.match(out, /Auf Deutsch wechseln/);
  });
});
