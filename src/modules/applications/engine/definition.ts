/**
 * Declarative form definitions: the format, its types and its validator.
 *
 * A definition is plain JSON (src/modules/applications/forms/*.json, or uploaded by staff). The
 * engine (conditions.ts, fields.ts) interprets it on the server; nothing in a definition is code.
 * The shape follows FIM: a step is a Datenfeldgruppe, a field a Datenfeld (optional `fim` id),
 * a repeatable group a Datenfeldgruppe with cardinality `minItems..maxItems`.
 */

/** Text in German, optionally English (falls back to German). */
export interface Text {
  de: string;
  en?: string;
}

export type Condition =
  | { field: string; equals: string | number }
  | { field: string; notEquals: string | number }
  | { field: string; in: string[] }
  | { field: string; filled: boolean }
  | { field: string; greaterThan: number }
  | { anyItem: string; where: Condition }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const FIELD_TYPES = [
  'text',
  'textarea',
  'email',
  'phone',
  'number',
  'date',
  'select',
  'radios',
  'checkboxes',
  'yesno',
  'address',
  'iban',
  'file',
  'municipality',
  'group',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface ChoiceOption {
  value: string;
  label: Text;
}

export interface FieldDef {
  name: string;
  type: FieldType;
  label: Text;
  hint?: Text;
  required?: boolean;
  /** Shown (and validated, and kept) only when the condition holds. */
  showIf?: Condition;
  /** Required when the condition holds (in addition to `required`). */
  requiredIf?: Condition;
  /** FIM Datenfeld id (e.g. "F60000227"), for a later mapping. */
  fim?: string;
  /** Filled from the signed-in account on a new application. */
  prefill?: 'account.name' | 'account.givenName' | 'account.familyName' | 'account.email';
  /** Autocomplete token for the browser (e.g. "given-name"). */
  autocomplete?: string;
  // text / textarea
  minLength?: number;
  maxLength?: number;
  /** Regular expression (anchored) the trimmed text must match; `patternMessage` says what is wrong. */
  pattern?: string;
  patternMessage?: Text;
  // number
  min?: number;
  max?: number;
  integer?: boolean;
  // date
  notFuture?: boolean;
  notPast?: boolean;
  // choices
  options?: ChoiceOption[];
  // address: the postal code must belong to the municipality chosen in this field
  postalCodeIn?: string;
  // municipality: the Kreis itself is one of the choices (general requests)
  includeKreis?: boolean;
  // file
  accept?: string[];
  maxBytes?: number;
  maxFiles?: number;
  // group
  fields?: FieldDef[];
  minItems?: number;
  maxItems?: number;
  itemLabel?: Text;
  addLabel?: Text;
}

export interface StepDef {
  id: string;
  title: Text;
  hint?: Text;
  showIf?: Condition;
  fields: FieldDef[];
}

export interface FeeRule {
  id: string;
  label: Text;
  /** Amount in cents; with `byValue`, the amount for values not listed (default 0). */
  amountCents?: number;
  /** Amount by the value of a choice field. */
  byValue?: { field: string; amounts: Record<string, number> };
  /** Multiplied by a number field's value or a group's item count. */
  times?: string;
  when?: Condition;
}

export interface FormDefinition {
  schemaVersion: 1;
  slug: string;
  title: Text;
  description?: Text;
  /** Service slug in the catalogue (services module). */
  serviceSlug: string;
  /** Who handles it: the Kreis or the chosen municipality, and which office (org unit slug). */
  responsible: {
    level: 'kreis' | 'gemeinde';
    orgUnit: string;
    /** The field (type municipality) naming the town; may name the Kreis when it allows it. */
    municipalityField?: string;
    /** Fields whose value (first filled) is the office's slug, chosen by the applicant. */
    orgUnitFields?: string[];
  };
  legalBasis?: Text;
  /** What the applicant needs before starting. */
  youNeed?: Text[];
  processingNote?: Text;
  applicant: { nameFields: string[]; emailField: string };
  steps: StepDef[];
  fees?: FeeRule[];
  /** 'before': pay before the case starts; 'later': the case starts, the fee is due. */
  payment?: { mode: 'before' | 'later' };
  declarations: { id: string; text: Text }[];
  /** Size limit of all attachments of one application together. */
  maxTotalAttachmentBytes?: number;
}

export interface DefinitionError {
  /** JSON pointer into the definition, e.g. /steps/1/fields/0/type */
  path: string;
  message: string;
}

const NAME = /^[a-z][a-zA-Z0-9]{0,39}$/;
const PREFILLS = ['account.name', 'account.givenName', 'account.familyName', 'account.email'];
const SLUG = /^[a-z0-9][a-z0-9-]{1,79}$/;
const ID = /^[a-z][a-zA-Z0-9-]{0,39}$/;
const MAX_BYTES_CEILING = 50 * 1024 * 1024;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks a parsed JSON value against the format, including cross references (conditions and
 * fees name existing fields, option values are unique, …). Every message names the faulty part
 * with a JSON pointer. Returns the definition typed when there is no error.
 */
export function validateDefinition(
  input: unknown,
): { ok: true; definition: FormDefinition } | { ok: false; errors: DefinitionError[] } {
  const errors: DefinitionError[] = [];
  const err = (path: string, message: string) => {
    if (errors.length < 100) errors.push({ path: path || '/', message });
  };
  const text = (v: unknown, path: string, required = true) => {
    if (v === undefined && !required) return;
    if (!isObj(v) || typeof v.de !== 'string' || !v.de.trim()) {
      err(path, 'muss ein Objekt mit nicht leerem deutschem Text "de" sein (optional "en")');
      return;
    }
    if (v.en !== undefined && typeof v.en !== 'string') err(`${path}/en`, 'muss ein Text sein');
    for (const k of Object.keys(v)) if (k !== 'de' && k !== 'en') err(`${path}/${k}`, 'unbekannte Sprache');
    if (v.de.length > 2000) err(`${path}/de`, 'ist länger als 2000 Zeichen');
  };
  const posInt = (v: unknown, path: string, max = Number.MAX_SAFE_INTEGER) => {
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max)
      err(path, `muss eine ganze Zahl zwischen 0 und ${max} sein`);
  };
  const bool = (v: unknown, path: string) => {
    if (v !== undefined && typeof v !== 'boolean') err(path, 'muss true oder false sein');
  };
  if (!isObj(input)) return { ok: false, errors: [{ path: '/', message: 'muss ein JSON-Objekt sein' }] };
  const d = input;
  const known = new Set([
    'schemaVersion',
    'slug',
    'title',
    'description',
    'serviceSlug',
    'responsible',
    'legalBasis',
    'youNeed',
    'processingNote',
    'applicant',
    'steps',
    'fees',
    'payment',
    'declarations',
    'maxTotalAttachmentBytes',
  ]);
  for (const k of Object.keys(d)) if (!known.has(k)) err(`/${k}`, 'ist keine bekannte Eigenschaft');
  if (d.schemaVersion !== 1) err('/schemaVersion', 'muss 1 sein');
  if (typeof d.slug !== 'string' || !SLUG.test(d.slug))
    err('/slug', 'muss aus Kleinbuchstaben, Ziffern und Bindestrichen bestehen (2–80 Zeichen)');
  if (typeof d.serviceSlug !== 'string' || !SLUG.test(d.serviceSlug))
    err('/serviceSlug', 'muss der Kurzname einer Leistung sein (Kleinbuchstaben, Ziffern, Bindestriche)');
  text(d.title, '/title');
  text(d.description, '/description', false);
  text(d.legalBasis, '/legalBasis', false);
  text(d.processingNote, '/processingNote', false);
  if (d.youNeed !== undefined) {
    if (!Array.isArray(d.youNeed)) err('/youNeed', 'muss eine Liste von Texten sein');
    else d.youNeed.forEach((t, i) => text(t, `/youNeed/${i}`));
  }
  posInt(d.maxTotalAttachmentBytes, '/maxTotalAttachmentBytes', MAX_BYTES_CEILING);

  // Fields, collected with their scope for the cross-reference checks.
  const topFields = new Map<string, FieldDef>();
  const groupFields = new Map<string, Map<string, FieldDef>>();
  const conditions: { c: unknown; path: string; group?: string }[] = [];

  const checkField = (f: unknown, path: string, inGroup: string | null, names: Set<string>) => {
    if (!isObj(f)) return err(path, 'muss ein Objekt sein');
    const fieldKeys = new Set([
      'name',
      'type',
      'label',
      'hint',
      'required',
      'showIf',
      'requiredIf',
      'fim',
      'prefill',
      'autocomplete',
      'minLength',
      'maxLength',
      'pattern',
      'patternMessage',
      'min',
      'max',
      'integer',
      'notFuture',
      'notPast',
      'options',
      'postalCodeIn',
      'includeKreis',
      'accept',
      'maxBytes',
      'maxFiles',
      'fields',
      'minItems',
      'maxItems',
      'itemLabel',
      'addLabel',
    ]);
    for (const k of Object.keys(f))
      if (!fieldKeys.has(k)) err(`${path}/${k}`, 'ist keine bekannte Eigenschaft');
    if (typeof f.name !== 'string' || !NAME.test(f.name)) {
      err(`${path}/name`, 'muss mit einem Kleinbuchstaben beginnen und nur Buchstaben und Ziffern enthalten');
    } else if (names.has(f.name)) {
      err(`${path}/name`, `der Feldname "${f.name}" kommt mehrfach vor`);
    } else names.add(f.name);
    if (typeof f.type !== 'string' || !(FIELD_TYPES as readonly string[]).includes(f.type)) {
      err(`${path}/type`, `muss einer dieser Typen sein: ${FIELD_TYPES.join(', ')}`);
      return;
    }
    text(f.label, `${path}/label`);
    text(f.hint, `${path}/hint`, false);
    text(f.patternMessage, `${path}/patternMessage`, false);
    bool(f.required, `${path}/required`);
    bool(f.integer, `${path}/integer`);
    bool(f.notFuture, `${path}/notFuture`);
    bool(f.notPast, `${path}/notPast`);
    bool(f.includeKreis, `${path}/includeKreis`);
    if (f.showIf !== undefined)
      conditions.push({ c: f.showIf, path: `${path}/showIf`, group: inGroup ?? undefined });
    if (f.requiredIf !== undefined)
      conditions.push({ c: f.requiredIf, path: `${path}/requiredIf`, group: inGroup ?? undefined });
    if (f.prefill !== undefined && !PREFILLS.includes(f.prefill as string))
      err(`${path}/prefill`, `muss einer dieser Werte sein: ${PREFILLS.join(', ')}`);
    if (f.fim !== undefined && (typeof f.fim !== 'string' || !/^[FG]\d{8}$/.test(f.fim)))
      err(`${path}/fim`, 'muss eine FIM-Kennung wie F60000227 sein');
    if (
      f.autocomplete !== undefined &&
      (typeof f.autocomplete !== 'string' || !/^[a-z -]{1,40}$/.test(f.autocomplete))
    )
      err(`${path}/autocomplete`, 'muss ein Autocomplete-Token sein');
    posInt(f.minLength, `${path}/minLength`, 100_000);
    posInt(f.maxLength, `${path}/maxLength`, 100_000);
    if (f.pattern !== undefined) {
      if (typeof f.pattern !== 'string' || f.pattern.length > 200)
        err(`${path}/pattern`, 'muss ein regulärer Ausdruck sein');
      else
        try {
          new RegExp(`^(?:${f.pattern})$`, 'u');
        } catch {
          err(`${path}/pattern`, 'ist kein gültiger regulärer Ausdruck');
        }
    }
    for (const k of ['min', 'max'] as const)
      if (f[k] !== undefined && (typeof f[k] !== 'number' || !Number.isFinite(f[k])))
        err(`${path}/${k}`, 'muss eine Zahl sein');
    const type = f.type as FieldType;
    if (type === 'select' || type === 'radios' || type === 'checkboxes') {
      if (!Array.isArray(f.options) || f.options.length === 0)
        err(`${path}/options`, 'muss mindestens eine Auswahlmöglichkeit enthalten');
      else {
        const seen = new Set<string>();
        f.options.forEach((o, i) => {
          if (!isObj(o) || typeof o.value !== 'string' || !/^[a-zA-Z0-9_-]{1,60}$/.test(o.value))
            return err(`${path}/options/${i}/value`, 'muss ein Wert aus Buchstaben, Ziffern, _ oder - sein');
          if (seen.has(o.value))
            err(`${path}/options/${i}/value`, `der Wert "${o.value}" kommt mehrfach vor`);
          seen.add(o.value);
          text(o.label, `${path}/options/${i}/label`);
        });
      }
    } else if (f.options !== undefined) err(`${path}/options`, `gibt es beim Typ "${type}" nicht`);
    if (type === 'file') {
      if (inGroup) err(`${path}/type`, 'Datei-Felder sind in wiederholbaren Gruppen nicht erlaubt');
      if (
        !Array.isArray(f.accept) ||
        !f.accept.length ||
        !f.accept.every((a) => typeof a === 'string' && /^[a-z]+\/[a-z0-9.+*-]+$/.test(a))
      )
        err(
          `${path}/accept`,
          'muss eine Liste von Medientypen sein, zum Beispiel ["application/pdf", "image/jpeg"]',
        );
      posInt(f.maxBytes, `${path}/maxBytes`, MAX_BYTES_CEILING);
      posInt(f.maxFiles, `${path}/maxFiles`, 20);
    }
    if (type === 'address' && f.postalCodeIn !== undefined) {
      if (typeof f.postalCodeIn !== 'string')
        err(`${path}/postalCodeIn`, 'muss der Name eines Feldes vom Typ "municipality" sein');
    }
    if (type === 'municipality' && inGroup)
      err(`${path}/type`, 'Kommunen-Felder sind in Gruppen nicht erlaubt');
    if (type === 'group') {
      if (inGroup) err(`${path}/type`, 'Gruppen dürfen nicht verschachtelt werden');
      text(f.itemLabel, `${path}/itemLabel`);
      text(f.addLabel, `${path}/addLabel`, false);
      posInt(f.minItems, `${path}/minItems`, 20);
      posInt(f.maxItems, `${path}/maxItems`, 20);
      if (typeof f.minItems === 'number' && typeof f.maxItems === 'number' && f.minItems > f.maxItems)
        err(`${path}/minItems`, 'darf nicht größer als maxItems sein');
      if (typeof f.maxItems === 'number' && f.maxItems < 1) err(`${path}/maxItems`, 'muss mindestens 1 sein');
      if (!Array.isArray(f.fields) || !f.fields.length)
        err(`${path}/fields`, 'muss mindestens ein Feld enthalten');
      else if (typeof f.name === 'string') {
        const inner = new Set<string>();
        f.fields.forEach((g, i) => checkField(g, `${path}/fields/${i}`, f.name as string, inner));
        groupFields.set(
          f.name,
          new Map(
            (f.fields as FieldDef[])
              .filter((g) => isObj(g) && typeof g.name === 'string')
              .map((g) => [g.name, g]),
          ),
        );
      }
    } else if (f.fields !== undefined) err(`${path}/fields`, `gibt es beim Typ "${type}" nicht`);
    if (!inGroup && typeof f.name === 'string') topFields.set(f.name, f as unknown as FieldDef);
  };

  const stepIds = new Set<string>();
  const names = new Set<string>();
  if (!Array.isArray(d.steps) || d.steps.length === 0)
    err('/steps', 'muss mindestens einen Schritt enthalten');
  else if (d.steps.length > 30) err('/steps', 'darf höchstens 30 Schritte enthalten');
  else
    d.steps.forEach((s, i) => {
      const p = `/steps/${i}`;
      if (!isObj(s)) return err(p, 'muss ein Objekt sein');
      for (const k of Object.keys(s))
        if (!['id', 'title', 'hint', 'showIf', 'fields'].includes(k))
          err(`${p}/${k}`, 'ist keine bekannte Eigenschaft');
      if (typeof s.id !== 'string' || !ID.test(s.id))
        err(`${p}/id`, 'muss mit einem Kleinbuchstaben beginnen (Buchstaben, Ziffern, -)');
      else if (stepIds.has(s.id)) err(`${p}/id`, `die Schritt-Kennung "${s.id}" kommt mehrfach vor`);
      else stepIds.add(s.id);
      text(s.title, `${p}/title`);
      text(s.hint, `${p}/hint`, false);
      if (s.showIf !== undefined) conditions.push({ c: s.showIf, path: `${p}/showIf` });
      if (!Array.isArray(s.fields) || !s.fields.length)
        err(`${p}/fields`, 'muss mindestens ein Feld enthalten');
      else if (s.fields.length > 60) err(`${p}/fields`, 'darf höchstens 60 Felder enthalten');
      else s.fields.forEach((f, j) => checkField(f, `${p}/fields/${j}`, null, names));
    });

  // Cross references.
  const lookup = (name: string, group?: string) =>
    (group ? groupFields.get(group)?.get(name) : undefined) ?? topFields.get(name);
  const checkCondition = (c: unknown, path: string, group: string | undefined, depth: number): void => {
    if (depth > 10) return err(path, 'ist zu tief verschachtelt (höchstens 10 Ebenen)');
    if (!isObj(c)) return err(path, 'muss eine Bedingung sein (Objekt)');
    if (Array.isArray(c.all) || Array.isArray(c.any)) {
      const list = (c.all ?? c.any) as unknown[];
      const key = c.all ? 'all' : 'any';
      if (!list.length) err(`${path}/${key}`, 'darf nicht leer sein');
      list.forEach((x, i) => checkCondition(x, `${path}/${key}/${i}`, group, depth + 1));
      return;
    }
    if (c.not !== undefined) return checkCondition(c.not, `${path}/not`, group, depth + 1);
    if (typeof c.anyItem === 'string') {
      const g = topFields.get(c.anyItem);
      if (!g || g.type !== 'group')
        return err(`${path}/anyItem`, `"${c.anyItem}" ist keine wiederholbare Gruppe`);
      return checkCondition(c.where, `${path}/where`, c.anyItem, depth + 1);
    }
    if (typeof c.field !== 'string') return err(path, 'braucht "field" (oder all/any/not/anyItem)');
    const target = lookup(c.field, group);
    if (!target) return err(`${path}/field`, `das Feld "${c.field}" gibt es nicht`);
    const ops = ['equals', 'notEquals', 'in', 'filled', 'greaterThan'].filter((k) => c[k] !== undefined);
    if (ops.length !== 1)
      return err(path, 'braucht genau einen Vergleich: equals, notEquals, in, filled oder greaterThan');
    const op = ops[0]!;
    const value = c[op];
    if ((op === 'equals' || op === 'notEquals') && typeof value !== 'string' && typeof value !== 'number')
      err(`${path}/${op}`, 'muss ein Text oder eine Zahl sein');
    if (op === 'in' && (!Array.isArray(value) || !value.every((v) => typeof v === 'string')))
      err(`${path}/in`, 'muss eine Liste von Texten sein');
    if (op === 'filled' && typeof value !== 'boolean') err(`${path}/filled`, 'muss true oder false sein');
    if (op === 'greaterThan' && typeof value !== 'number') err(`${path}/greaterThan`, 'muss eine Zahl sein');
    const opts = target.options?.map((o) => o.value);
    const allowed = target.type === 'yesno' ? ['ja', 'nein'] : opts;
    if (
      allowed &&
      (op === 'equals' || op === 'notEquals') &&
      typeof value === 'string' &&
      !allowed.includes(value)
    )
      err(`${path}/${op}`, `"${value}" ist kein Wert des Feldes "${c.field}" (${allowed.join(', ')})`);
    if (allowed && op === 'in' && Array.isArray(value))
      value.forEach((v, i) => {
        if (typeof v === 'string' && !allowed.includes(v))
          err(`${path}/in/${i}`, `"${v}" ist kein Wert des Feldes "${String(c.field)}"`);
      });
  };
  for (const { c, path, group } of conditions) checkCondition(c, path, group, 0);

  // Address postal-code references.
  for (const [, f] of topFields)
    if (f.type === 'address' && f.postalCodeIn && topFields.get(f.postalCodeIn)?.type !== 'municipality') {
      const i = findPath(d, f.name);
      err(`${i}/postalCodeIn`, `"${f.postalCodeIn}" ist kein Feld vom Typ "municipality"`);
    }

  // Responsible office.
  if (!isObj(d.responsible)) err('/responsible', 'muss { level, orgUnit } angeben');
  else {
    if (d.responsible.level !== 'kreis' && d.responsible.level !== 'gemeinde')
      err('/responsible/level', 'muss "kreis" oder "gemeinde" sein');
    if (typeof d.responsible.orgUnit !== 'string' || !SLUG.test(d.responsible.orgUnit))
      err('/responsible/orgUnit', 'muss der Kurzname einer Dienststelle sein');
    if (d.responsible.orgUnitFields !== undefined) {
      const of = d.responsible.orgUnitFields;
      if (!Array.isArray(of) || !of.length)
        err('/responsible/orgUnitFields', 'muss eine Liste von Auswahlfeldern sein');
      else
        of.forEach((n, i) => {
          const ft = typeof n === 'string' ? topFields.get(n)?.type : undefined;
          if (ft !== 'select' && ft !== 'radios')
            err(`/responsible/orgUnitFields/${i}`, `"${String(n)}" ist kein Auswahlfeld`);
        });
    }
    if (d.responsible.level === 'gemeinde') {
      const mf = d.responsible.municipalityField;
      if (typeof mf !== 'string' || topFields.get(mf)?.type !== 'municipality')
        err('/responsible/municipalityField', 'muss bei "gemeinde" ein Feld vom Typ "municipality" nennen');
    }
  }
  if (!isObj(d.applicant)) err('/applicant', 'muss { nameFields, emailField } angeben');
  else {
    if (!Array.isArray(d.applicant.nameFields) || !d.applicant.nameFields.length)
      err('/applicant/nameFields', 'muss mindestens ein Textfeld nennen');
    else
      d.applicant.nameFields.forEach((n, i) => {
        if (typeof n !== 'string' || topFields.get(n)?.type !== 'text')
          err(`/applicant/nameFields/${i}`, `"${String(n)}" ist kein Textfeld`);
      });
    const ef = d.applicant.emailField;
    if (typeof ef !== 'string' || topFields.get(ef)?.type !== 'email' || !topFields.get(ef)?.required)
      err('/applicant/emailField', 'muss ein Pflichtfeld vom Typ "email" nennen');
  }

  // Fees.
  if (d.fees !== undefined) {
    if (!Array.isArray(d.fees)) err('/fees', 'muss eine Liste sein');
    else
      d.fees.forEach((r, i) => {
        const p = `/fees/${i}`;
        if (!isObj(r)) return err(p, 'muss ein Objekt sein');
        if (typeof r.id !== 'string' || !ID.test(r.id)) err(`${p}/id`, 'muss eine Kennung sein');
        text(r.label, `${p}/label`);
        posInt(r.amountCents, `${p}/amountCents`, 10_000_000);
        if (r.amountCents === undefined && r.byValue === undefined)
          err(p, 'braucht amountCents oder byValue');
        if (r.byValue !== undefined) {
          if (!isObj(r.byValue) || typeof r.byValue.field !== 'string' || !isObj(r.byValue.amounts))
            err(`${p}/byValue`, 'muss { field, amounts } sein');
          else {
            const t = topFields.get(r.byValue.field);
            if (!t) err(`${p}/byValue/field`, `das Feld "${r.byValue.field}" gibt es nicht`);
            for (const [k, v] of Object.entries(r.byValue.amounts)) {
              posInt(v, `${p}/byValue/amounts/${k}`, 10_000_000);
              if (t?.options && !t.options.some((o) => o.value === k))
                err(`${p}/byValue/amounts/${k}`, `"${k}" ist kein Wert des Feldes "${r.byValue.field}"`);
            }
          }
        }
        if (r.times !== undefined) {
          const t = typeof r.times === 'string' ? topFields.get(r.times) : undefined;
          if (!t || (t.type !== 'number' && t.type !== 'group'))
            err(`${p}/times`, 'muss ein Zahlenfeld oder eine wiederholbare Gruppe nennen');
        }
        if (r.when !== undefined) checkCondition(r.when, `${p}/when`, undefined, 0);
      });
  }
  if (d.payment !== undefined) {
    if (!isObj(d.payment) || (d.payment.mode !== 'before' && d.payment.mode !== 'later'))
      err('/payment/mode', 'muss "before" oder "later" sein');
  }
  if (Array.isArray(d.fees) && d.fees.length && d.payment === undefined)
    err('/payment', 'ist bei Gebühren nötig: { "mode": "before" } oder { "mode": "later" }');
  if (!Array.isArray(d.declarations) || !d.declarations.length)
    err('/declarations', 'muss mindestens eine Erklärung enthalten (Wahrheit, Datenschutz)');
  else {
    const ids = new Set<string>();
    d.declarations.forEach((x, i) => {
      if (!isObj(x) || typeof x.id !== 'string' || !ID.test(x.id))
        return err(`/declarations/${i}/id`, 'muss eine Kennung sein');
      if (ids.has(x.id)) err(`/declarations/${i}/id`, `die Kennung "${x.id}" kommt mehrfach vor`);
      ids.add(x.id);
      text(x.text, `/declarations/${i}/text`);
    });
  }
  return errors.length ? { ok: false, errors } : { ok: true, definition: d as unknown as FormDefinition };
}

function findPath(d: Obj, name: string): string {
  const steps = d.steps as { fields: { name: string }[] }[];
  for (let i = 0; i < steps.length; i++) {
    const j = steps[i]!.fields.findIndex((f) => f.name === name);
    if (j >= 0) return `/steps/${i}/fields/${j}`;
  }
  return '';
}

/** Parses JSON text and validates it; a syntax error names the position. */
export function parseDefinition(
  json: string,
): { ok: true; definition: FormDefinition } | { ok: false; errors: DefinitionError[] } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    return { ok: false, errors: [{ path: '/', message: `kein gültiges JSON: ${(e as Error).message}` }] };
  }
  return validateDefinition(value);
}

export function tx(t: Text | undefined, lang: 'de' | 'en'): string {
  if (!t) return '';
  return (lang === 'en' && t.en) || t.de;
}

/** Every top-level field of the form (steps in order). */
export function allFields(def: FormDefinition): FieldDef[] {
  return def.steps.flatMap((s) => s.fields);
}
