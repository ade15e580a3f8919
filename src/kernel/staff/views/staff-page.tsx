import type { ComponentChildren } from 'preact';
import type { ViewContext } from '../../views/context.ts';
import { Layout, type Crumb } from '../../views/layout.tsx';

/** Frame of every staff page: breadcrumbs from "Verwaltung", noindex, one h1. */
export function StaffPage({
  ctx,
  title,
  trail,
  children,
}: {
  ctx: ViewContext;
  title: string;
  trail?: Crumb[];
  children: ComponentChildren;
}) {
  const crumbs: Crumb[] = [{ href: '/verwaltung', label: ctx.t('staff.title') }, ...(trail ?? [])];
  if (trail) crumbs.push({ label: title });
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs.length > 1 ? crumbs : undefined} noindex>
      <h1 class="kern-heading-large">{title}</h1>
      {children}
    </Layout>
  );
}
