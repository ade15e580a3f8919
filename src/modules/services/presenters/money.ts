const AMOUNT_RE = /^(\d{1,3}(?:\.\d{3})+|\d{1,7})(?:,(\d{1,2}))?$/;
/** Fees above this are a typing error, not a fee (10 million euros). */
const MAX_CENTS = 1_000_000_000;

/** "24", "24,5", "1.234,56", "24,00 €" → cents; null for anything else (negative, text, dot decimals). */
export function parseEuro(input: string): number | null {
  const s = input
    .replace(/\s*(€|EUR|Euro)\s*$/i, '')
    .replace(/\s+/g, '')
    .trim();
  const m = AMOUNT_RE.exec(s);
  if (!m) return null;
  const euros = Number(m[1]!.replace(/\./g, ''));
  const cents = euros * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  return cents <= MAX_CENTS ? cents : null;
}

/** 123456 → "1.234,56 €" (German notation); without the sign for form inputs. */
export function formatEuro(cents: number, withSign = true): string {
  const euros = Math.floor(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const s = `${euros},${String(cents % 100).padStart(2, '0')}`;
  return withSign ? `${s} €` : s;
}
