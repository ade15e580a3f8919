import type { Static } from 'typebox';
import { int, optStr, slice, str } from '../../kernel/config/define.ts';

/** The portal's slice of the configuration (read as kernel.fullConfig.portal). */
export const portalConfig = slice({
  accessibilityFeedbackTo: optStr({
    env: 'PORTAL_ACCESSIBILITY_FEEDBACK_TO',
    pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$',
    description:
      'Recipient of accessibility feedback. When unset: the e-mail of the Kreis org unit "buergerservice", else the Kreis e-mail.',
  }),
  accessibilityStatementDate: str({
    env: 'PORTAL_ACCESSIBILITY_STATEMENT_DATE',
    default: '2026-11-21',
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
    description:
      'Date the accessibility statement was created or last reviewed (YYYY-MM-DD); shown in the statement.',
  }),
  feedbackRetentionDays: int({
    env: 'PORTAL_FEEDBACK_RETENTION_DAYS',
    default: 730,
    minimum: 1,
    description:
      'Stored accessibility feedback is deleted after this many days (stated in the privacy notice).',
  }),
  signLanguageVideo: optStr({
    env: 'PORTAL_SIGN_LANGUAGE_VIDEO',
    pattern: '^/[^/\\\\]',
    description:
      'Same-origin path of the self-hosted sign-language video (e.g. /assets/video/dgs.mp4). When unset, the page says the video is being produced.',
  }),
  signLanguageCaptions: optStr({
    env: 'PORTAL_SIGN_LANGUAGE_CAPTIONS',
    pattern: '^/[^/\\\\]',
    description: 'Same-origin path of a WebVTT caption file for the sign-language video (optional).',
  }),
  imprintRepresentative: optStr({
    env: 'PORTAL_IMPRINT_REPRESENTATIVE',
    description:
      'Name of the Landrat / Landrätin shown in the imprint as legal representative. When unset, the office is named without a person.',
  }),
  vatId: optStr({
    env: 'PORTAL_VAT_ID',
    pattern: '^DE\\d{9}$',
    description:
      'VAT identification number (USt-IdNr.) for the imprint. When unset, the imprint shows a marked placeholder.',
  }),
  supervisoryAuthority: optStr({
    env: 'PORTAL_SUPERVISORY_AUTHORITY',
    description:
      'Supervisory authority of the Kreis for the imprint (e.g. "Bezirksregierung Düsseldorf"). When unset, the line is left out.',
  }),
  dpoEmail: optStr({
    env: 'PORTAL_DPO_EMAIL',
    pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$',
    description:
      'E-mail of the data protection officer for the privacy notice. When unset, the Kreis e-mail with a "Datenschutz" subject is given.',
  }),
});

export type PortalConfig = Static<typeof portalConfig>;

/** The portal's slice from the composed configuration (defaults are filled by the loader). */
export function readPortalConfig(fullConfig: Record<string, unknown>): PortalConfig {
  const c = fullConfig.portal as Partial<PortalConfig> | undefined;
  return {
    accessibilityStatementDate: c?.accessibilityStatementDate ?? '2026-11-21',
    feedbackRetentionDays: c?.feedbackRetentionDays ?? 730,
    ...c,
  };
}
