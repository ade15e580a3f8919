import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../../../kernel/kernel.ts';
import {
  Alert,
  Button,
  Checkbox,
  ErrorSummary,
  Form,
  Select,
  SubmitButton,
  Table,
  TextArea,
  TextField,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { Layout, type Crumb } from '../../../kernel/views/layout.tsx';
import type { Actor } from '../commands/meetings.ts';
import {
  deleteRegister,
  KIND_BY_SEGMENT,
  REGISTER,
  registerFormValues,
  registerLists,
  registerRow,
  saveRegister,
  validateRegister,
  type RefOptions,
  type RegisterField,
  type RegisterKind,
  type RegisterSpec,
} from '../commands/register.ts';
import { councilOffice } from '../policies.ts';

type Row = Record<string, unknown>;
type StaffBody = { id: string; name: string; tenant_id: string };
const ROOT = '/verwaltung/ratsinfo';
const ID = /^[1-9]\d{0,15}$/;
const staff = { config: { policy: councilOffice } };
const KINDS: RegisterKind[] = ['person', 'organization', 'membership', 'location'];

const base = (body: StaffBody) => `${ROOT}/${body.id}/stammdaten`;

function crumbs(ctx: ViewContext, body: StaffBody, more: Crumb[]): Crumb[] {
  return [
    { href: '/verwaltung', label: ctx.t('council.staff.dashboard') },
    { href: ROOT, label: ctx.t('council.staff.title') },
    { href: `${ROOT}/${body.id}`, label: body.name },
    ...more,
  ];
}

function membershipLabel(m: Row): string {
  const role = m.role as string | null;
  return `${m.person as string} – ${m.organization as string}${role ? ` (${role})` : ''}`;
}

function RegisterOverview({
  ctx,
  body,
  lists,
}: {
  ctx: ViewContext;
  body: StaffBody;
  lists: Record<RegisterKind, Row[]>;
}) {
  const title = ctx.t('council.register.title');
  return (
    <Layout
      ctx={ctx}
      title={`${title}: ${body.name}`}
      noindex
      breadcrumbs={crumbs(ctx, body, [{ label: title }])}
    >
      <h1 class="kern-heading-x-large">{title}</h1>
      {KINDS.map((kind) => {
        const spec = REGISTER[kind];
        return (
          <section key={kind} aria-labelledby={`register-${kind}`}>
            <h2 class="kern-heading-medium" id={`register-${kind}`}>
              {ctx.t(`council.register.${kind}.title`)}
            </h2>
            <p class="kern-body">
              <a class="kern-link" href={`${base(body)}/${spec.segment}/neu`}>
                {ctx.t(`council.register.${kind}.new`)}
              </a>
            </p>
            {lists[kind].length ? (
              <Table
                id={`register-${kind}-table`}
                caption={ctx.t(`council.register.${kind}.title`)}
                captionHidden
                columns={[{ key: 'name', label: ctx.t('council.register.name') }]}
                rowHeader="name"
                rows={lists[kind].map((r) => ({
                  name: (
                    <a class="kern-link" href={`${base(body)}/${spec.segment}/${String(r.id)}`}>
                      {kind === 'membership' ? membershipLabel(r) : String(r.name ?? r.id)}
                    </a>
                  ),
                }))}
              />
            ) : (
              <p class="kern-body">{ctx.t('council.register.empty')}</p>
            )}
          </section>
        );
      })}
    </Layout>
  );
}

function FieldInput({
  ctx,
  spec,
  f,
  values,
  errors,
  refs,
}: {
  ctx: ViewContext;
  spec: RegisterSpec;
  f: RegisterField;
  values: Record<string, string>;
  errors?: FieldErrors;
  refs: RefOptions;
}) {
  const key = `council.register.field.${spec.kind}.${f.name}`;
  const hintKey = `council.register.hint.${spec.kind}.${f.name}`;
  const hint = ctx.t(hintKey) === hintKey ? undefined : ctx.t(hintKey);
  const common = {
    ctx,
    name: f.name,
    label: ctx.t(key),
    hint,
    error: errors?.[f.name],
    required: f.required,
  };
  const value = values[f.name] ?? '';
  switch (f.kind) {
    case 'long':
    case 'lines':
    case 'emails':
      return (
        <TextArea
          {...common}
          value={value}
          rows={f.kind === 'long' ? 6 : 3}
          maxLength={f.kind === 'long' ? f.max : undefined}
        />
      );
    case 'bool':
      return <Checkbox {...common} value="ja" checked={value === 'ja'} />;
    case 'yesno':
    case 'choice':
      return (
        <Select
          {...common}
          value={value}
          options={(f.kind === 'yesno' ? ['', 'ja', 'nein'] : f.choices!).map((c) => ({
            value: c,
            label: ctx.t(`council.register.choice.${c || 'none'}`),
          }))}
        />
      );
    case 'ref':
      return (
        <Select
          {...common}
          value={value}
          options={[
            { value: '', label: ctx.t('council.staff.choose') },
            ...(refs[f.ref!] ?? []).map((o) => ({ value: String(o.id), label: o.label })),
          ]}
        />
      );
    default:
      return (
        <TextField {...common} value={value} type={f.kind === 'url' ? 'url' : 'text'} maxLength={f.max} />
      );
  }
}

function RegisterForm(p: {
  ctx: ViewContext;
  body: StaffBody;
  spec: RegisterSpec;
  id: number | null;
  stand: string;
  values: Record<string, string>;
  refs: RefOptions;
  errors?: FieldErrors;
  notice?: { type: 'danger' | 'success' | 'warning'; text: string };
}) {
  const { ctx, body, spec } = p;
  const title = ctx.t(`council.register.${spec.kind}.${p.id === null ? 'new' : 'edit'}`);
  const action = `${base(body)}/${spec.segment}/${p.id ?? 'neu'}`;
  return (
    <Layout
      ctx={ctx}
      title={title}
      noindex
      hasErrors={!!p.errors}
      breadcrumbs={crumbs(ctx, body, [
        { href: base(body), label: ctx.t('council.register.title') },
        { label: title },
      ])}
    >
      {p.errors && <ErrorSummary ctx={ctx} errors={p.errors} />}
      <h1 class="kern-heading-x-large">{title}</h1>
      {p.notice && (
        <Alert type={p.notice.type} title={p.notice.text} headingLevel={2}>
          {''}
        </Alert>
      )}
      <Form ctx={ctx} action={action}>
        <input type="hidden" name="stand" value={p.stand} />
        {spec.fields.map((f) => (
          <FieldInput
            key={f.name}
            ctx={ctx}
            spec={spec}
            f={f}
            values={p.values}
            errors={p.errors}
            refs={p.refs}
          />
        ))}
        <SubmitButton label={ctx.t('council.register.save')} />
      </Form>
      {p.id !== null && (
        <Form ctx={ctx} action={`${action}/loeschen`} label={ctx.t('council.register.delete')}>
          <input type="hidden" name="stand" value={p.stand} />
          <p class="kern-body">{ctx.t('council.register.deleteHint')}</p>
          <Button label={ctx.t('council.register.delete')} variant="secondary" />
        </Form>
      )}
      <p class="kern-body">
        <a class="kern-link" href={base(body)}>
          {ctx.t('council.register.back')}
        </a>
      </p>
    </Layout>
  );
}

type Editable = (
  req: FastifyRequest<{ Params: { body: string } }>,
  reply: FastifyReply,
) => Promise<Record<string, unknown> | undefined>;

/** /verwaltung/ratsinfo/<body>/stammdaten: persons, organisations, memberships, locations. */
export async function registerRoutes(
  app: FastifyInstance,
  kernel: Kernel,
  editable: Editable,
  actor: (req: FastifyRequest) => Actor,
): Promise<void> {
  const pool = kernel.db.pool;
  type P = { body: string; seg: string; id?: string };
  const form = (b: unknown): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries((b ?? {}) as Record<string, unknown>))
      out[k] = typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
    return out;
  };
  const refsOf = async (bodyId: string): Promise<RefOptions> => {
    const lists = await registerLists(pool, bodyId);
    return {
      person: lists.person.map((r) => ({ id: Number(r.id), label: String(r.name) })),
      organization: lists.organization.map((r) => ({ id: Number(r.id), label: String(r.name) })),
      location: lists.location.map((r) => ({
        id: Number(r.id),
        label: [r.name, r.locality].filter(Boolean).map(String).join(', '),
      })),
    };
  };
  /** Body (with rights) and kind from the URL; answers 404/403 itself. */
  const target = async (req: FastifyRequest<{ Params: P }>, reply: FastifyReply) => {
    const body = (await editable(req, reply)) as StaffBody | undefined;
    if (!body) return undefined;
    const spec = KIND_BY_SEGMENT.get(req.params.seg);
    const id = req.params.id === undefined || req.params.id === 'neu' ? null : req.params.id;
    if (!spec || (id !== null && !ID.test(id))) {
      reply.callNotFound();
      return undefined;
    }
    return { body, spec, id: id === null ? null : Number(id) };
  };

  app.get<{ Params: { body: string } }>(`${ROOT}/:body/stammdaten`, staff, async (req, reply) => {
    const body = (await editable(req, reply)) as StaffBody | undefined;
    if (!body) return reply;
    return reply.html(
      <RegisterOverview ctx={reply.viewContext()} body={body} lists={await registerLists(pool, body.id)} />,
    );
  });

  for (const path of [`${ROOT}/:body/stammdaten/:seg/neu`, `${ROOT}/:body/stammdaten/:seg/:id`]) {
    app.get<{ Params: P }>(path, staff, async (req, reply) => {
      const t = await target(req, reply);
      if (!t) return reply;
      const row = t.id === null ? undefined : await registerRow(pool, t.spec, t.body.id, t.id);
      if (t.id !== null && !row) return reply.callNotFound();
      return reply.html(
        <RegisterForm
          ctx={reply.viewContext()}
          body={t.body}
          spec={t.spec}
          id={t.id}
          stand={row ? String(row.stand) : ''}
          values={row ? registerFormValues(t.spec, row) : {}}
          refs={await refsOf(t.body.id)}
          notice={
            req.query && (req.query as Record<string, string>).ok
              ? { type: 'success', text: reply.viewContext().t('council.register.saved') }
              : undefined
          }
        />,
      );
    });

    app.post<{ Params: P }>(path, staff, async (req, reply) => {
      const t = await target(req, reply);
      if (!t) return reply;
      const ctx = reply.viewContext();
      const raw = form(req.body);
      const refs = await refsOf(t.body.id);
      const render = (status: number, extra: Partial<Parameters<typeof RegisterForm>[0]>) =>
        reply.html(
          <RegisterForm
            ctx={ctx}
            body={t.body}
            spec={t.spec}
            id={t.id}
            stand={raw.stand ?? ''}
            values={raw}
            refs={refs}
            {...extra}
          />,
          status,
        );
      const checked = validateRegister(t.spec, raw, refs, ctx.t);
      if (checked.errors) return render(422, { errors: checked.errors });
      const r = await saveRegister(
        kernel,
        actor(req),
        t.spec,
        t.body,
        t.id,
        raw.stand ?? '',
        checked.values!,
      );
      if (r.ok) return reply.redirect(`${base(t.body)}/${t.spec.segment}/${r.id}?ok=1`, 303);
      if (r.reason === 'conflict')
        // what the user typed stays; the form now carries the current version, so saving again overwrites knowingly
        return render(409, {
          stand: String(r.current.stand),
          notice: { type: 'warning', text: ctx.t('council.register.conflict') },
        });
      return reply.callNotFound();
    });
  }

  app.post<{ Params: P }>(`${ROOT}/:body/stammdaten/:seg/:id/loeschen`, staff, async (req, reply) => {
    const t = await target(req, reply);
    if (!t || t.id === null) return t ? reply.callNotFound() : reply;
    const ctx = reply.viewContext();
    const raw = form(req.body);
    const r = await deleteRegister(kernel, actor(req), t.spec, t.body, t.id, raw.stand ?? '');
    if (r.ok) return reply.redirect(base(t.body), 303);
    if (r.reason === 'notfound') return reply.callNotFound();
    const row = r.reason === 'conflict' ? r.current : await registerRow(pool, t.spec, t.body.id, t.id);
    if (!row) return reply.callNotFound();
    return reply.html(
      <RegisterForm
        ctx={ctx}
        body={t.body}
        spec={t.spec}
        id={t.id}
        stand={String(row.stand)}
        values={registerFormValues(t.spec, row)}
        refs={await refsOf(t.body.id)}
        notice={{
          type: 'danger',
          text:
            r.reason === 'inuse'
              ? ctx.t('council.register.inUse', { n: String(r.uses) })
              : ctx.t('council.register.conflict'),
        }}
      />,
      r.reason === 'inuse' ? 422 : 409,
    );
  });
}
