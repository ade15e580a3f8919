import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestApp, type TestApp } from '../../../testing.ts';

const PAGES = [
  '/',
  '/meine-kommune',
  '/meine-kommune?plz=41460',
  '/kommunen',
  '/kommunen/neuss',
  '/kommunen/rhein-kreis-neuss',
  '/kommunen/neuss/aemter/buergerbuero',
  '/kommunen/rhein-kreis-neuss/aemter/strassenverkehrsamt',
  '/barrierefreiheit',
  '/barrierefreiheit/danke?nr=ABCDEF12',
  '/datenschutz',
  '/impressum',
  '/leichte-sprache',
  '/gebaerdensprache',
  '/kontakt',
];
const FOOTER = [
  '/impressum',
  '/datenschutz',
  '/barrierefreiheit',
  '/leichte-sprache',
  '/gebaerdensprache',
  '/kontakt',
];

function count(html: string, re: RegExp): number {
  return [...html.matchAll(re)].length;
}

describe('portal pages', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  for (const lang of ['de', 'en'] as const) {
    it(`renders every page in ${lang} with one h1, the footer links and no inline style or script`, async () => {
      for (const url of PAGES) {
        const res = await t.app.inject({ method: 'GET', url, cookies: { ok_lang: lang } });
        assert.equal(res.statusCode, 200, `${url} → ${res.statusCode}`);
        assert.match(res.body, new RegExp(`<html lang="${lang}">`), url);
        assert.equal(count(res.body, /<h1[\s>]/g), 1, `${url} needs exactly one h1`);
        const footer = res.body.slice(res.body.indexOf('<footer'));
        for (const href of FOOTER)
          assert.ok(footer.includes(`href="${href}"`), `${url}: footer link ${href}`);
        assert.doesNotMatch(res.body, /style="/, `${url}: inline style`);
        assert.doesNotMatch(res.body, /<script(?![^>]*\bsrc=)/, `${url}: inline script`);
        assert.doesNotMatch(res.body, /portal\.[a-zA-Z]+\.[a-zA-Z.]+/, `${url}: untranslated i18n key`);
        assert.doesNotMatch(res.body, /\{[a-zA-Z]+\}/, `${url}: unfilled placeholder`);
        assert.doesNotMatch(
          res.body,
          /https?:\/\/(?!www\.|[a-z0-9.-]+\.(de|nrw)\b)/,
          `${url}: unexpected absolute URL`,
        );
      }
    });
  }

  it('offers the site search and Meine Kommune on the home page', async () => {
    const res = await t.app.inject('/');
    assert.match(res.body, /<form method="get" action="\/suche" class="ok-form" role="search"/);
    assert.match(res.body, /name="q"/);
    assert.match(res.body, /<form method="get" action="\/meine-kommune"/);
    assert.match(res.body, /href="\/meine-kommune">[\s\S]*Meine Kommune wählen/);
  });

  it('shows the Kreis data from the tenants, not hard-coded text', async () => {
    const kreis = (await t.kernel.tenants.kreis())!;
    const imprint = await t.app.inject('/impressum');
    assert.ok(imprint.body.includes(kreis.address.street!), 'imprint shows the Kreis street');
    assert.ok(imprint.body.includes(kreis.email!), 'imprint shows the Kreis e-mail');
    assert.match(imprint.body, /Platzhalter/, 'the VAT id is a marked placeholder');
    const privacy = await t.app.inject('/datenschutz');
    for (const cookie of ['ok_sid', '_csrf', 'ok_lang', 'ok_kommune'])
      assert.ok(privacy.body.includes(`<code>${cookie}</code>`), cookie);
    assert.match(
      privacy.body,
      /Landesbeauftragte für Datenschutz und Informationsfreiheit Nordrhein-Westfalen/,
    );
    assert.match(privacy.body, /Artikel 6 Absatz 1 Buchstabe e DSGVO/);
  });

  it('states conformance, barriers, date, method and the NRW ombudsman office', async () => {
    const res = await t.app.inject('/barrierefreiheit');
    assert.match(res.body, /teilweise barrierefrei \(teilweise konform\)/);
    assert.match(res.body, /Nicht barrierefreie Inhalte/);
    assert.match(res.body, /am 21\. November 2026 erstellt/);
    assert.match(res.body, /Selbstbewertung/);
    assert.match(res.body, /axe-core/);
    assert.match(
      res.body,
      /Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen/,
    );
    assert.match(res.body, /§ 16 Behindertengleichstellungsgesetz/);
    assert.match(res.body, /barrierefreiheit@rhein-kreis-neuss\.de/, 'the Bürgerservice unit is the contact');
    assert.match(res.body, /Gebärdensprache:/, 'the missing sign-language video is a listed barrier');
  });

  it('keeps the Leichte Sprache content German inside an English page', async () => {
    const res = await t.app.inject({ url: '/leichte-sprache', cookies: { ok_lang: 'en' } });
    assert.match(res.body, /<html lang="en">/);
    assert.match(res.body, /only available in German/);
    assert.match(
      res.body,
      /<div lang="de" class="ok-easy ok-prose"><h1 class="kern-heading-x-large">Informationen in Leichter Sprache<\/h1>/,
    );
    assert.match(res.body, /Post·leit·zahl/);
    assert.match(res.body, /Zum Rhein-Kreis Neuss gehören 8 Städte und Gemeinden\./);
  });

  it('explains the missing sign-language video and offers interpreting', async () => {
    const res = await t.app.inject('/gebaerdensprache');
    assert.match(res.body, /wird gerade produziert/);
    assert.doesNotMatch(res.body, /<video/);
    assert.match(res.body, /Kommunikationshilfenverordnung/);
  });

  it('shows the town data: codes, population, units with contact and opening hours', async () => {
    const res = await t.app.inject('/kommunen/neuss');
    assert.match(res.body, /05162024/);
    assert.match(res.body, /051620024024/);
    assert.match(res.body, /154\.317/);
    assert.match(res.body, /href="\/kommunen\/neuss\/aemter\/buergerbuero"/);
    assert.match(res.body, /Donnerstag: 08:00 bis 18:00 Uhr/, 'units show their opening hours');
    assert.match(res.body, /href="\/kommunen\/rhein-kreis-neuss">Rhein-Kreis Neuss/);
    const unit = await t.app.inject({
      url: '/kommunen/rhein-kreis-neuss/aemter/strassenverkehrsamt',
      cookies: { ok_lang: 'en' },
    });
    assert.match(unit.body, /Road Traffic Office/);
    assert.match(unit.body, /Jülicher Landstraße 178/);
    assert.match(unit.body, /<th scope="row" class="kern-table__header">Monday–Wednesday<\/th>/);
    assert.match(unit.body, /mailto:strassenverkehrsamt@rhein-kreis-neuss\.de/);
  });

  it('answers unknown towns and units with the 404 page', async () => {
    for (const url of [
      '/kommunen/atlantis',
      '/kommunen/NEUSS',
      '/kommunen/neuss/aemter/gibt-es-nicht',
      '/kommunen/atlantis/aemter/buergerbuero',
    ]) {
      const res = await t.app.inject(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(res.body, /Seite nicht gefunden/);
    }
  });

  it('uses the sign-language video when one is configured', async () => {
    const other = await createTestApp({
      env: { PORTAL_SIGN_LANGUAGE_VIDEO: '/assets/video/dgs.mp4', PORTAL_VAT_ID: 'DE123456789' },
    });
    try {
      const res = await other.app.inject('/gebaerdensprache');
      assert.match(res.body, /<video class="ok-video" controls preload="metadata"/);
      assert.match(res.body, /<source src="\/assets\/video\/dgs.mp4" type="video\/mp4"/);
      const a11y = await other.app.inject('/barrierefreiheit');
      assert.doesNotMatch(a11y.body, /Gebärdensprache:<\/strong>/);
      const imprint = await other.app.inject('/impressum');
      assert.match(imprint.body, /DE123456789/);
      assert.doesNotMatch(imprint.body, /Platzhalter/);
    } finally {
      await other.close();
    }
  });
});
