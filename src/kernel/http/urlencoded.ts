import type { FastifyError } from 'fastify';

const decoder = new TextDecoder('utf-8', { fatal: true });
const MAX_FIELDS = 1000;

function badRequest(message: string): FastifyError {
  const err = new Error(message) as FastifyError;
  err.statusCode = 400;
  (err as { code: string }).code = 'OK_BAD_FORM_BODY';
  return err;
}

/**
 * Strict application/x-www-form-urlencoded parser: the body and every percent-escape must be
 * valid UTF-8 (browsers never send anything else), repeated names become arrays, and the
 * result has no prototype so "__proto__" is just a field name.
 */
export function parseUrlEncoded(body: Buffer): Record<string, string | string[]> {
  let text: string;
  try {
    text = decoder.decode(body);
  } catch {
    throw badRequest('The form body is not valid UTF-8.');
  }
  const out = Object.create(null) as Record<string, string | string[]>;
  if (!text) return out;
  const pairs = text.split('&');
  if (pairs.length > MAX_FIELDS) throw badRequest('The form has too many fields.');
  for (const pair of pairs) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? '' : pair.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      throw badRequest('The form body contains an invalid escape sequence.');
    }
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[key] = [prev, value];
  }
  return out;
}
