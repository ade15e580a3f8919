import type { Translate } from '../../kernel/i18n/index.ts';
import { FormValidator } from '../../kernel/views/components.tsx';
import type { AccessibilityFeedback } from './commands/submit-accessibility-feedback.ts';

export const FEEDBACK_MAX = { name: 200, email: 254, page: 2000, message: 5000 } as const;

/** Reads and checks the feedback form; all fields but the message are optional. */
export function readFeedbackForm(
  t: Translate,
  body: unknown,
): { values: AccessibilityFeedback; v: FormValidator } {
  const v = new FormValidator(t, body);
  const message = v.text('message', {
    label: t('portal.a11y.form.message'),
    required: true,
    maxLength: FEEDBACK_MAX.message,
    messages: { required: t('portal.a11y.form.message.required') },
  });
  const page = v.text('page', { label: t('portal.a11y.form.page'), maxLength: FEEDBACK_MAX.page });
  const name = v.text('name', { label: t('portal.a11y.form.name'), maxLength: FEEDBACK_MAX.name });
  const email = v.email('email', { label: t('portal.a11y.form.email'), maxLength: FEEDBACK_MAX.email });
  return { values: { message, page, name, email }, v };
}
