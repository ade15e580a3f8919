import { readFileSync } from 'node:fs';
import type { Tenant } from '../../../kernel/tenants/index.ts';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';

interface EasySection {
  heading: string;
  lines: string[];
  link?: { href: string; text: string };
}
interface EasyContent {
  heading: string;
  sections: EasySection[];
}

/** Leichte Sprache text is German content, not translated UI, so it lives outside the catalogues. */
const CONTENT = JSON.parse(
  readFileSync(new URL('../content/leichte-sprache.json', import.meta.url), 'utf8'),
) as EasyContent;

function fill(line: string, data: Record<string, string>): string {
  return line.replace(/\{(\w+)\}/g, (m, k: string) => data[k] ?? m);
}

export function EasyLanguagePage({
  ctx,
  kreis,
  townCount,
}: {
  ctx: ViewContext;
  kreis?: Tenant;
  townCount: number;
}) {
  const { t } = ctx;
  const data: Record<string, string> = {
    kreis: kreis?.name ?? t('site.owner'),
    count: String(townCount),
    street: kreis?.address.street ?? '',
    postalCode: kreis?.address.postalCode ?? '',
    city: kreis?.address.city ?? '',
    phone: kreis?.phone ?? '',
    email: kreis?.email ?? '',
  };
  return (
    <Layout
      ctx={ctx}
      title={t('portal.easy.title')}
      breadcrumbs={[{ href: '/', label: t('portal.home.title') }, { label: t('portal.easy.title') }]}
    >
      {ctx.lang !== 'de' && <p class="kern-body ok-prose">{t('portal.easy.notice')}</p>}
      <div lang="de" class="ok-easy ok-prose">
        <h1 class="kern-heading-x-large">{CONTENT.heading}</h1>
        {CONTENT.sections.map((s) => (
          <section key={s.heading}>
            <h2 class="kern-heading-medium">{s.heading}</h2>
            {s.lines.map((line, i) => (
              <p class="kern-body" key={i}>
                {fill(line, data)}
              </p>
            ))}
            {s.link && (
              <p class="kern-body">
                <a class="kern-link" href={s.link.href}>
                  {s.link.text}
                </a>
              </p>
            )}
          </section>
        ))}
      </div>
    </Layout>
  );
}
