import type { Lang, Translate } from '../i18n/index.ts';
import { numberFormat } from '../i18n/format.ts';
import { FileTooLargeError, type FileRejectedError } from './errors.ts';

/** "20 MB", "1,5 MB", "800 KB" in the page language. */
export function formatBytes(bytes: number, lang: Lang): string {
  const nf = numberFormat(lang, { maximumFractionDigits: 1 });
  if (bytes >= 1024 * 1024) return `${nf.format(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${nf.format(bytes / 1024)} KB`;
  return `${nf.format(bytes)} B`;
}

/** The message for a refused file, to show at the form field. */
export function fileErrorMessage(t: Translate, lang: Lang, err: FileRejectedError): string {
  return t(`files.error.${err.reason}`, {
    limit: err instanceof FileTooLargeError ? formatBytes(err.limitBytes, lang) : '',
  });
}
