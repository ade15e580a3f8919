/**
 * German texts of notices (Bescheide). Notices are official German documents; the portal shows
 * them in German in both interface languages.
 *
 * Legal remedy (Rechtsbehelfsbelehrung) for North Rhine-Westphalia: § 110 Justizgesetz NRW has
 * abolished the objection procedure (Widerspruchsverfahren, §§ 68 ff. VwGO) for most
 * administrative acts; the remedy is an action (Klage) at the administrative court within one
 * month (§ 74 VwGO). The Rhein-Kreis Neuss and its towns lie in the district of the
 * Verwaltungsgericht Düsseldorf (Bastionstraße 39, 40213 Düsseldorf; source:
 * https://www.vg-duesseldorf.nrw.de). Electronic filing: § 55a VwGO and the ERVV.
 */
export const LEGAL_REMEDY_HEADING = 'Rechtsbehelfsbelehrung';

export const LEGAL_REMEDY_NRW = [
  'Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage beim Verwaltungsgericht Düsseldorf, Bastionstraße 39, 40213 Düsseldorf, erhoben werden. Die Klage ist schriftlich einzureichen oder zur Niederschrift der Urkundsbeamtin oder des Urkundsbeamten der Geschäftsstelle zu erklären.',
  'Die Klage kann auch durch Übertragung eines elektronischen Dokuments an die elektronische Poststelle des Gerichts erhoben werden. Das elektronische Dokument muss für die Bearbeitung durch das Gericht geeignet sein und mit einer qualifizierten elektronischen Signatur der verantwortenden Person versehen sein oder von der verantwortenden Person signiert und auf einem sicheren Übermittlungsweg gemäß § 55a Absatz 4 der Verwaltungsgerichtsordnung (VwGO) eingereicht werden. Die technischen Rahmenbedingungen bestimmt die Elektronischer-Rechtsverkehr-Verordnung (ERVV).',
  'Ein Widerspruchsverfahren findet nach § 110 Absatz 1 Justizgesetz Nordrhein-Westfalen nicht statt.',
];

export const DECISION_WORDS: Record<string, string> = {
  approved: 'bewilligt',
  rejected: 'abgelehnt',
  partly_approved: 'teilweise bewilligt',
};

export const DEFAULT_TEMPLATE = {
  title: 'Bescheid über Ihren Antrag „{service}“',
  body: 'Ihr Antrag „{service}“ vom {submittedDate} (Aktenzeichen {reference}) wird hiermit {decision}.\n\nFür die Bearbeitung wurde eine Verwaltungsgebühr von {amount} erhoben.',
};

/** Default templates of the demo services (seeded for every tenant; tenant admins edit them). */
export const SERVICE_TEMPLATES: Record<string, { title: string; body: string }> = {
  'hundesteuer-anmeldung': {
    title: 'Bescheid über die Anmeldung zur Hundesteuer',
    body: 'Ihre Anmeldung eines Hundes zur Hundesteuer vom {submittedDate} (Aktenzeichen {reference}) wird hiermit {decision}.\n\nDie Steuer wird nach der Hundesteuersatzung der Gemeinde festgesetzt; die Hundesteuermarke erhalten Sie mit gesonderter Post. Die Steuerpflicht beginnt mit dem Ersten des Monats, der auf die Aufnahme des Hundes folgt.',
  },
  fischereischein: {
    title: 'Bescheid über die Erteilung eines Fischereischeins',
    body: 'Ihr Antrag auf Erteilung eines Fischereischeins vom {submittedDate} (Aktenzeichen {reference}) wird hiermit {decision}.\n\nDer Fischereischein wird nach § 31 Landesfischereigesetz NRW erteilt. Die Gebühr von {amount} wurde entrichtet. Bitte führen Sie den Fischereischein beim Fischen stets zusammen mit einem amtlichen Lichtbildausweis mit.',
  },
  bewohnerparkausweis: {
    title: 'Bescheid über die Erteilung eines Bewohnerparkausweises',
    body: 'Ihr Antrag auf einen Bewohnerparkausweis vom {submittedDate} (Aktenzeichen {reference}) wird hiermit {decision}.\n\nDer Ausweis gilt nur in der angegebenen Bewohnerparkzone und nur für das angegebene Fahrzeug. Die Gebühr beträgt {amount}.',
  },
  'jagdschein-verlaengerung': {
    title: 'Bescheid über die Verlängerung des Jagdscheins',
    body: 'Ihr Antrag auf Verlängerung Ihres Jagdscheins vom {submittedDate} (Aktenzeichen {reference}) wird hiermit {decision}.\n\nDie Verlängerung erfolgt nach § 15 Bundesjagdgesetz. Die Gebühr beträgt {amount}. Bitte legen Sie den Nachweis Ihrer Jagdhaftpflichtversicherung weiterhin bei Kontrollen vor.',
  },
  'allgemeine-anfrage': {
    title: 'Antwort auf Ihre Anfrage',
    body: 'Ihre Anfrage vom {submittedDate} (Aktenzeichen {reference}) wurde bearbeitet. Ergebnis: {decision}.',
  },
  reitkennzeichen: {
    title: 'Bescheid über die Zuteilung eines Reitkennzeichens',
    body: 'Ihr Antrag auf Zuteilung eines Reitkennzeichens vom {submittedDate} (Aktenzeichen {reference}) wird hiermit {decision}.\n\nDas Reiten in der freien Landschaft ist nach § 58 Landesnaturschutzgesetz NRW nur mit einem gut sichtbar angebrachten Reitkennzeichen erlaubt. Die Abgabe beträgt {amount}.',
  },
};

/** Retention after closing, per demo service (years, then anonymise or delete). */
export const SERVICE_RETENTION: Record<string, { years: number; action: 'anonymise' | 'delete' }> = {
  // Tax and fee records: 10 years (§ 147 AO analogously for the fee-related parts), then anonymised.
  'hundesteuer-anmeldung': { years: 10, action: 'anonymise' },
  fischereischein: { years: 10, action: 'anonymise' },
  'jagdschein-verlaengerung': { years: 10, action: 'anonymise' },
  reitkennzeichen: { years: 5, action: 'anonymise' },
  bewohnerparkausweis: { years: 3, action: 'delete' },
  'allgemeine-anfrage': { years: 2, action: 'delete' },
};
