import {
  Button,
  Checkboxes,
  DateField,
  ErrorMessage,
  FileField,
  Hint,
  Radios,
  Select,
  TextArea,
  TextField,
  EmailField,
  Fieldset,
  fieldId,
  type FieldErrors,
} from '../../../kernel/views/components.tsx';
import type { ViewContext } from '../../../kernel/views/context.ts';
import { formatBytes } from '../../../kernel/files/index.ts';
import { fieldVisible, type Answers, type FileRef, type GroupItem } from '../engine/conditions.ts';
import { tx, type FieldDef, type StepDef } from '../engine/definition.ts';
import { groupCount, rawAll, rawOne, type Municipality, type Raw } from '../engine/fields.ts';

export interface StepViewData {
  raw: Raw;
  errors: FieldErrors;
  /** Saved answers (for conditions and uploaded files). */
  answers: Answers;
  municipalities: Municipality[];
}

function fieldRendered(f: FieldDef, step: StepDef, answers: Answers, item?: GroupItem): boolean {
  if (!f.showIf) return true;
  // A condition on a field of the same step is decided by the server after posting: show the field.
  const sameStep = JSON.stringify(f.showIf).match(/"field":"([a-zA-Z0-9]+)"/g) ?? [];
  const names = new Set(step.fields.flatMap((x) => [x.name, ...(x.fields ?? []).map((g) => g.name)]));
  if (sameStep.some((m) => names.has(m.slice(9, -1)))) return true;
  return fieldVisible(f, answers, item);
}

function conditionalHint(ctx: ViewContext, f: FieldDef): string | undefined {
  const h = tx(f.hint, ctx.lang);
  return f.requiredIf && !f.required
    ? [h, ctx.t('applications.field.requiredIfHint')].filter(Boolean).join(' ')
    : h || undefined;
}

export function StepFields({ ctx, step, data }: { ctx: ViewContext; step: StepDef; data: StepViewData }) {
  return (
    <>
      {step.fields
        .filter((f) => fieldRendered(f, step, data.answers))
        .map((f) =>
          f.type === 'group' ? (
            <GroupField key={f.name} ctx={ctx} f={f} step={step} data={data} />
          ) : (
            <OneField key={f.name} ctx={ctx} f={f} prefix="" data={data} />
          ),
        )}
    </>
  );
}

function GroupField({
  ctx,
  f,
  step,
  data,
}: {
  ctx: ViewContext;
  f: FieldDef;
  step: StepDef;
  data: StepViewData;
}) {
  const count = groupCount(f, data.raw);
  const max = f.maxItems ?? 20;
  const itemLabel = tx(f.itemLabel, ctx.lang);
  return (
    <div class="ok-app-group">
      <input type="hidden" name={`${f.name}-count`} value={String(count)} />
      {Array.from({ length: count }, (_, i) => (
        <fieldset class="kern-fieldset ok-app-group__item" key={i}>
          <legend class="kern-label kern-label--large">
            {itemLabel} {i + 1}
          </legend>
          <div class="kern-fieldset__body">
            {(f.fields ?? [])
              .filter((g) => fieldRendered(g, step, data.answers))
              .map((g) => (
                <OneField key={g.name} ctx={ctx} f={g} prefix={`${f.name}-${i}-`} data={data} />
              ))}
            {count > (f.minItems ?? 1) && (
              <Button
                variant="tertiary"
                name="aktion"
                value={`entfernen-${f.name}-${i}`}
                label={ctx.t('applications.group.remove', { item: `${itemLabel} ${i + 1}` })}
              />
            )}
          </div>
        </fieldset>
      ))}
      <ErrorMessage ctx={ctx} name={`${f.name}-add`} error={data.errors[`${f.name}-add`]} />
      {count < max && (
        <Button
          variant="secondary"
          name="aktion"
          value={`hinzufuegen-${f.name}`}
          id={fieldId(`${f.name}-add`)}
          label={tx(f.addLabel, ctx.lang) || ctx.t('applications.group.add', { item: itemLabel })}
        />
      )}
    </div>
  );
}

function OneField({
  ctx,
  f,
  prefix,
  data,
}: {
  ctx: ViewContext;
  f: FieldDef;
  prefix: string;
  data: StepViewData;
}) {
  const name = prefix + f.name;
  const label = tx(f.label, ctx.lang);
  const hint = conditionalHint(ctx, f);
  const error = data.errors[name];
  const required = !!f.required;
  const value = rawOne(data.raw, name);
  switch (f.type) {
    case 'text':
      return (
        <TextField
          ctx={ctx}
          name={name}
          label={label}
          hint={hint}
          error={error}
          required={required}
          value={value}
          autocomplete={f.autocomplete}
          maxLength={f.maxLength ?? 200}
        />
      );
    case 'phone':
      return (
        <TextField
          ctx={ctx}
          name={name}
          label={label}
          hint={hint}
          error={error}
          required={required}
          value={value}
          type="tel"
          inputmode="tel"
          autocomplete={f.autocomplete ?? 'tel'}
          maxLength={30}
        />
      );
    case 'email':
      return (
        <EmailField
          ctx={ctx}
          name={name}
          label={label}
          hint={hint}
          error={error}
          required={required}
          value={value}
        />
      );
    case 'number':
      return (
        <TextField
          ctx={ctx}
          name={name}
          label={label}
          hint={hint}
          error={error}
          required={required}
          value={value}
          inputmode={f.integer ? 'numeric' : 'decimal'}
          width={4}
          spellcheck={false}
        />
      );
    case 'iban':
      return (
        <TextField
          ctx={ctx}
          name={name}
          label={label}
          hint={hint}
          error={error}
          required={required}
          value={value}
          autocomplete="off"
          spellcheck={false}
          maxLength={42}
        />
      );
    case 'textarea':
      return (
        <TextArea
          ctx={ctx}
          name={name}
          label={label}
          hint={hint}
          error={error}
          required={required}
          value={value}
          maxLength={f.maxLength ?? 5000}
        />
      );
    case 'date':
      return (
        <DateField
          ctx={ctx}
          name={name}
          legend={label}
          hint={hint}
          required={required}
          errors={data.errors}
          value={{
            day: rawOne(data.raw, `${name}-day`),
            month: rawOne(data.raw, `${name}-month`),
            year: rawOne(data.raw, `${name}-year`),
          }}
        />
      );
    case 'select':
      return (
        <Select
          ctx={ctx}
          name={name}
          label={label}
          hint={hint}
          error={error}
          required={required}
          value={value}
          options={(f.options ?? []).map((o) => ({ value: o.value, label: tx(o.label, ctx.lang) }))}
        />
      );
    case 'municipality':
      return (
        <Select
          ctx={ctx}
          name={name}
          label={label}
          hint={hint}
          error={error}
          required={required}
          value={value}
          options={data.municipalities
            .filter((m) => m.kind === 'gemeinde' || f.includeKreis)
            .map((m) => ({ value: m.id, label: m.name }))}
        />
      );
    case 'radios':
      return (
        <Radios
          ctx={ctx}
          name={name}
          legend={label}
          hint={hint}
          error={error}
          required={required}
          value={value}
          options={(f.options ?? []).map((o) => ({ value: o.value, label: tx(o.label, ctx.lang) }))}
        />
      );
    case 'yesno':
      return (
        <Radios
          ctx={ctx}
          name={name}
          legend={label}
          hint={hint}
          error={error}
          required={required}
          value={value}
          horizontal
          options={[
            { value: 'ja', label: ctx.t('applications.yes') },
            { value: 'nein', label: ctx.t('applications.no') },
          ]}
        />
      );
    case 'checkboxes':
      return (
        <Checkboxes
          ctx={ctx}
          name={name}
          legend={label}
          hint={hint}
          error={error}
          required={required}
          values={rawAll(data.raw, name)}
          options={(f.options ?? []).map((o) => ({ value: o.value, label: tx(o.label, ctx.lang) }))}
        />
      );
    case 'address':
      return <AddressField ctx={ctx} f={f} name={name} data={data} />;
    case 'file':
      return <FileUpload ctx={ctx} f={f} data={data} />;
    default:
      return null;
  }
}

function AddressField({
  ctx,
  f,
  name,
  data,
}: {
  ctx: ViewContext;
  f: FieldDef;
  name: string;
  data: StepViewData;
}) {
  const part = (p: string) => `${name}-${p}`;
  return (
    <Fieldset
      ctx={ctx}
      name={name}
      legend={tx(f.label, ctx.lang)}
      hint={conditionalHint(ctx, f)}
      required={!!f.required}
    >
      <TextField
        ctx={ctx}
        name={part('street')}
        label={ctx.t('applications.address.street')}
        required={!!f.required}
        error={data.errors[part('street')]}
        value={rawOne(data.raw, part('street'))}
        autocomplete="address-line1"
        maxLength={100}
      />
      <TextField
        ctx={ctx}
        name={part('houseNumber')}
        label={ctx.t('applications.address.houseNumber')}
        required={!!f.required}
        error={data.errors[part('houseNumber')]}
        value={rawOne(data.raw, part('houseNumber'))}
        width={4}
        maxLength={12}
      />
      <TextField
        ctx={ctx}
        name={part('postalCode')}
        label={ctx.t('applications.address.postalCode')}
        required={!!f.required}
        error={data.errors[part('postalCode')]}
        value={rawOne(data.raw, part('postalCode'))}
        autocomplete="postal-code"
        inputmode="numeric"
        width={4}
        maxLength={5}
      />
      <TextField
        ctx={ctx}
        name={part('city')}
        label={ctx.t('applications.address.city')}
        required={!!f.required}
        error={data.errors[part('city')]}
        value={rawOne(data.raw, part('city'))}
        autocomplete="address-level2"
        maxLength={100}
      />
    </Fieldset>
  );
}

function FileUpload({ ctx, f, data }: { ctx: ViewContext; f: FieldDef; data: StepViewData }) {
  const files = Array.isArray(data.answers[f.name]) ? (data.answers[f.name] as FileRef[]) : [];
  const full = f.maxFiles !== undefined && files.length >= f.maxFiles;
  return (
    <div class="ok-app-files">
      {files.length > 0 && (
        <div class="kern-form-input">
          <p class="kern-label">{tx(f.label, ctx.lang)}</p>
          <ul
            class="kern-list"
            aria-label={ctx.t('applications.files.uploaded', { label: tx(f.label, ctx.lang) })}
          >
            {files.map((file) => (
              <li key={file.fileId}>
                {file.filename} ({formatBytes(file.size, ctx.lang)}){' '}
                <Button
                  variant="tertiary"
                  name="aktion"
                  value={`datei-entfernen-${f.name}-${file.fileId}`}
                  label={ctx.t('applications.files.remove', { name: file.filename })}
                />
              </li>
            ))}
          </ul>
        </div>
      )}
      {full ? (
        <>
          <Hint name={f.name} hint={ctx.t('applications.files.full', { max: f.maxFiles ?? 0 })} />
          <ErrorMessage ctx={ctx} name={f.name} error={data.errors[f.name]} />
        </>
      ) : (
        <FileField
          ctx={ctx}
          name={f.name}
          label={
            files.length
              ? ctx.t('applications.files.addMore', { label: tx(f.label, ctx.lang) })
              : tx(f.label, ctx.lang)
          }
          hint={conditionalHint(ctx, f)}
          error={data.errors[f.name]}
          required={!!f.required && files.length === 0}
          accept={f.accept?.join(',')}
          multiple={(f.maxFiles ?? 1) - files.length > 1}
        />
      )}
    </div>
  );
}
