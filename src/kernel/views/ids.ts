/** The DOM id of a form control for a field name; the error summary links to it. */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}
