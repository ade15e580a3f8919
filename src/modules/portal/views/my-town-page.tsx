import type { Tenant } from '../../../kernel/tenants/index.ts';
import {
  Alert,
  Button,
  ErrorSummary,
  Form,
  Radios,
  TextField,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout } from '../../../kernel/views/layout.tsx';

export interface MyTownPageProps {
  ctx: ViewContext;
  towns: Tenant[];
  myTown?: Tenant;
  /** The postal code searched for (valid or not, for re-display). */
  plz?: string;
  /** Towns the searched postal code belongs to. */
  matches?: Tenant[];
  /** The town just saved (after the redirect). */
  saved?: boolean;
  cleared?: boolean;
  errors?: FieldErrors;
  /** Value of the town radios when re-rendering. */
  choice?: string;
  kreisName: string;
}

function SaveButton({ ctx, town }: { ctx: ViewContext; town: Tenant }) {
  return (
    <Form ctx={ctx} action="/meine-kommune" label={ctx.t('portal.myTown.saveNamed', { name: town.name })}>
      <input type="hidden" name="kommune" value={town.id} />
      <Button label={ctx.t('portal.myTown.saveNamed', { name: town.name })} />
    </Form>
  );
}

export function MyTownPage(p: MyTownPageProps) {
  const { ctx } = p;
  const { t } = ctx;
  const errors = p.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
  const options = p.towns.map((x) => ({ value: x.id, label: x.name }));
  return (
    <Layout
      ctx={ctx}
      title={t('portal.myTown.title')}
      hasErrors={hasErrors}
      breadcrumbs={[{ href: '/', label: t('portal.home.title') }, { label: t('portal.myTown.title') }]}
    >
      <ErrorSummary ctx={ctx} errors={errors} />
      <h1 class="kern-heading-x-large">{t('portal.myTown.title')}</h1>
      <p class="kern-body kern-body--large ok-prose">{t('portal.myTown.lead', { kreis: p.kreisName })}</p>

      {p.saved && p.myTown && (
        <Alert type="success" title={t('portal.myTown.saved', { name: p.myTown.name })}>
          <p class="kern-body">
            <a class="kern-link" href={`/kommunen/${p.myTown.id}`}>
              {t('portal.home.myTown.open', { name: p.myTown.name })}
            </a>
          </p>
        </Alert>
      )}
      {p.cleared && <Alert type="success" title={t('portal.myTown.cleared')} />}
      {!p.saved && p.myTown && (
        <Alert type="info" title={t('portal.home.myTown.chosen', { name: p.myTown.name })}>
          <p class="kern-body">
            <a class="kern-link" href={`/kommunen/${p.myTown.id}`}>
              {t('portal.home.myTown.open', { name: p.myTown.name })}
            </a>
          </p>
        </Alert>
      )}

      <section aria-labelledby="plz-heading">
        <h2 class="kern-heading-medium" id="plz-heading">
          {t('portal.myTown.byPostalCode')}
        </h2>
        <form method="get" action="/meine-kommune" class="ok-form" aria-labelledby="plz-heading">
          <TextField
            ctx={ctx}
            name="plz"
            label={t('portal.myTown.postalCode')}
            hint={t('portal.myTown.postalCode.hint')}
            value={p.plz}
            error={errors.plz}
            inputmode="numeric"
            autocomplete="postal-code"
            maxLength={10}
            required
          />
          <button type="submit" class="kern-btn kern-btn--secondary">
            <span class="kern-icon kern-icon--search" aria-hidden="true" />
            <span class="kern-label">{t('portal.myTown.search')}</span>
          </button>
        </form>
        {p.matches && p.matches.length > 0 && (
          <div class="ok-box" id="plz-result">
            <h3 class="kern-heading-small ok-mt-0">{t('portal.myTown.result', { plz: p.plz ?? '' })}</h3>
            {p.matches.length === 1 ? (
              <>
                <p class="kern-body">
                  {t('portal.myTown.resultOne', { plz: p.plz ?? '', name: p.matches[0]!.name })}
                </p>
                <SaveButton ctx={ctx} town={p.matches[0]!} />
              </>
            ) : (
              <>
                <p class="kern-body">{t('portal.myTown.resultMany', { plz: p.plz ?? '' })}</p>
                <ul class="kern-list">
                  {p.matches.map((m) => (
                    <li key={m.id}>
                      <SaveButton ctx={ctx} town={m} />
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </section>

      <section aria-labelledby="list-heading">
        <h2 class="kern-heading-medium" id="list-heading">
          {t('portal.myTown.byList')}
        </h2>
        <Form ctx={ctx} action="/meine-kommune" label={t('portal.myTown.byList')}>
          <Radios
            ctx={ctx}
            name="kommune"
            legend={t('portal.myTown.town')}
            options={options}
            value={p.choice ?? p.myTown?.id}
            error={errors.kommune}
            required
          />
          <Button label={t('portal.myTown.save')} />
        </Form>
      </section>

      {p.myTown && (
        <section aria-labelledby="clear-heading">
          <h2 class="kern-heading-medium" id="clear-heading">
            {t('portal.myTown.clearTitle')}
          </h2>
          <p class="kern-body">{t('portal.myTown.clearText')}</p>
          <Form ctx={ctx} action="/meine-kommune/loeschen" label={t('portal.myTown.clearTitle')}>
            <Button label={t('portal.myTown.clear')} variant="secondary" />
          </Form>
        </section>
      )}
    </Layout>
  );
}
