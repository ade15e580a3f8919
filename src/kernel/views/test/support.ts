import { I18n, type Lang } from '../../i18n/index.ts';
import type { ViewContext } from '../context.ts';

const i18n = new I18n();
i18n.addFiles(new URL('../../i18n/', import.meta.url));

export function translator(lang: Lang = 'de') {
  return i18n.translator(lang);
}

/** A view context without a request, for rendering components in unit tests. */
export function fakeContext(overrides: Partial<ViewContext> = {}): ViewContext {
  const lang = overrides.lang ?? 'de';
  return {
    lang,
    t: translator(lang),
    nonce: 'test-nonce',
    csrfToken: () => 'test-token',
    path: '/seite?x=1',
    principal: null,
    demoMode: false,
    nav: [{ href: '/', label: 'layout.nav.home', order: 0 }],
    siteName: translator(lang)('site.name', { owner: 'Rhein-Kreis Neuss' }),
    owner: 'Rhein-Kreis Neuss',
    ...overrides,
  };
}
