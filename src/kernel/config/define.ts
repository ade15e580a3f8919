import Type, { type TObject, type TSchema, type Static } from 'typebox';

/**
 * A config variable is a TypeBox schema annotated with the environment variable it is read
 * from and a description. Slices are plain TypeBox objects of such variables; the docs
 * generator and the loader read the annotations.
 */
export interface VarOptions {
  env: string;
  description: string;
  /** Printed in docs/config.md instead of the value (for secrets or computed defaults). */
  defaultText?: string;
  secret?: boolean;
}

export function str(
  o: VarOptions & { default?: string; minLength?: number; pattern?: string; format?: string },
) {
  return Type.String({ ...o });
}
export function optStr(o: VarOptions & { pattern?: string; format?: string; minLength?: number }) {
  return Type.Optional(Type.String({ ...o }));
}
export function int(o: VarOptions & { default?: number; minimum?: number; maximum?: number }) {
  return Type.Integer({ ...o });
}
export function bool(o: VarOptions & { default?: boolean }) {
  return Type.Boolean({ ...o });
}
export function oneOf<const T extends readonly string[]>(values: T, o: VarOptions & { default?: T[number] }) {
  return Type.Unsafe<T[number]>(
    Type.Union(
      values.map((v) => Type.Literal(v)),
      { ...o },
    ),
  );
}

export type Slice = TObject;
export type SliceValue<S extends Slice> = Static<S>;

export function slice<P extends Record<string, TSchema>>(properties: P) {
  return Type.Object(properties);
}
