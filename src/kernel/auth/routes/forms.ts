import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { safeLocalPath } from '../../http/server.ts';
import type { Translate } from '../../i18n/index.ts';
import type { FieldErrors } from '../../views/components.tsx';
import { isPlausibleEmail } from '../accounts.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordLength } from '../passwords.ts';

/** Form bodies: every named field an optional string (lengths are checked with messages in code). */
export function formBody(...names: string[]) {
  return Type.Object(
    Object.fromEntries(names.map((n) => [n, Type.Optional(Type.String({ maxLength: 4096 }))])),
  );
}

export const authQuery = Type.Object({
  weiter: Type.Optional(Type.String({ maxLength: 2000 })),
  hinweis: Type.Optional(Type.String({ maxLength: 64 })),
  token: Type.Optional(Type.String({ maxLength: 256 })),
});

export function field(req: FastifyRequest, name: string): string {
  const body = req.body as Record<string, unknown> | null | undefined;
  const v = body?.[name];
  return typeof v === 'string' ? v : '';
}

export function query(req: FastifyRequest, name: string): string | undefined {
  const v = (req.query as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : undefined;
}

/** The ?weiter= / weiter field as a safe local path, or undefined when absent or unsafe. */
export function weiterOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const p = safeLocalPath(value);
  return p === '/' && value !== '/' ? undefined : p;
}

export function checkEmail(t: Translate, email: string, errors: FieldErrors): void {
  if (!email.trim()) errors.email = t('auth.error.emailRequired');
  else if (!isPlausibleEmail(email.trim())) errors.email = t('auth.error.emailInvalid');
}

export function checkNewPassword(
  t: Translate,
  password: string,
  errors: FieldErrors,
  key = 'password',
): void {
  if (!password) errors[key] = t('auth.error.passwordRequired');
  else if (passwordLength(password) < MIN_PASSWORD_LENGTH)
    errors[key] = t('auth.error.passwordTooShort', { min: MIN_PASSWORD_LENGTH });
  else if (password.length > MAX_PASSWORD_LENGTH)
    errors[key] = t('auth.error.passwordTooLong', { max: MAX_PASSWORD_LENGTH });
}

export const hasErrors = (e: FieldErrors) => Object.keys(e).length > 0;
