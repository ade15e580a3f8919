/**
 * Demo offices and services of the Rhein-Kreis Neuss. Addresses: Straßenverkehrsamt Neuss
 * (Jülicher Landstraße 178, 41464 Neuss) and Kreishaus Grevenbroich (Auf der Schanze 4,
 * 41515 Grevenbroich) and Kreishaus Neuss (Oberstraße 91, 41460 Neuss) are the published
 * addresses of the Rhein-Kreis Neuss (www.rhein-kreis-neuss.de, retrieved 2026-11). The
 * addresses marked `demo: true` are placeholders for the demo and must be checked before use.
 */
export interface DemoService {
  key: string;
  orgUnit: string;
  name: string;
  nameEn: string;
  description: string;
  combineGroup?: string;
  anonymous?: boolean;
  askPhone?: boolean;
  groupSession?: boolean;
  sort: number;
}

export interface DemoLocation {
  slug: string;
  orgUnit: string;
  name: string;
  street: string;
  postalCode: string;
  city: string;
  demoAddress?: boolean;
  slotMinutes: number;
  workstationsPublic: number;
  workstationsInternal: number;
  requiresConfirmation?: boolean;
  email?: string;
  offers: { service: string; slots: number; maxQuantity: number }[];
  rules: {
    kind: 'weekly' | 'monthly' | 'once';
    weekdays: number[];
    intervalWeeks?: number;
    nthWeek?: number;
    start: string;
    end: string;
    service?: string;
    seats?: number;
  }[];
}

export const DEMO_SERVICES: DemoService[] = [
  { key: 'kfz-zulassung', orgUnit: 'strassenverkehrsamt', name: 'Fahrzeug zulassen oder umschreiben', nameEn: 'Register or re-register a vehicle', description: 'Neuzulassung, Umschreibung oder Wiederzulassung eines Fahrzeugs.', combineGroup: 'kfz', sort: 10 },
  { key: 'kfz-abmeldung', orgUnit: 'strassenverkehrsamt', name: 'Fahrzeug außer Betrieb setzen', nameEn: 'Deregister a vehicle', description: 'Abmeldung eines Fahrzeugs.', combineGroup: 'kfz', sort: 11 },
  { key: 'fuehrerschein', orgUnit: 'strassenverkehrsamt', name: 'Führerschein umtauschen oder ersetzen', nameEn: 'Exchange or replace a driving licence', description: 'Umtausch in den EU-Kartenführerschein, Ersatz bei Verlust.', combineGroup: 'fs', sort: 12 },
  { key: 'ifsg-belehrung', orgUnit: 'gesundheitsamt', name: 'Erstbelehrung nach § 43 Infektionsschutzgesetz', nameEn: 'Food hygiene instruction (§ 43 IfSG)', description: 'Gruppentermin mit Belehrung und Bescheinigung für die Arbeit mit Lebensmitteln.', groupSession: true, sort: 20 },
  { key: 'gelbfieber-impfung', orgUnit: 'gesundheitsamt', name: 'Gelbfieber-Impfung', nameEn: 'Yellow fever vaccination', description: 'Impfung mit ärztlicher Beratung; bitte Impfpass mitbringen.', askPhone: true, sort: 21 },
  { key: 'hiv-sti-beratung', orgUnit: 'gesundheitsamt', name: 'Anonyme HIV- und STI-Beratung', nameEn: 'Anonymous HIV and STI counselling', description: 'Anonym: Wir fragen weder Namen noch E-Mail-Adresse. Sie erhalten nur einen Buchungscode.', anonymous: true, sort: 22 },
  { key: 'jugendamt-beratung', orgUnit: 'kreisjugendamt', name: 'Beratung im Kreisjugendamt', nameEn: 'Youth welfare office consultation', description: 'Persönliches Gespräch, z. B. zu Beistandschaft, Unterhalt oder Erziehungsfragen.', askPhone: true, sort: 30 },
  { key: 'bafoeg-beratung', orgUnit: 'bafoeg', name: 'BAföG-Beratung (Schüler-BAföG und Aufstiegs-BAföG)', nameEn: 'BAföG advice', description: 'Beratung zum Antrag und Abgabe von Unterlagen.', sort: 40 },
  { key: 'termin-sachbearbeitung', orgUnit: 'buergerservice', name: 'Termin mit einer Sachbearbeiterin oder einem Sachbearbeiter', nameEn: 'Appointment with a clerk', description: 'Für alle Anliegen, die ein persönliches Gespräch brauchen.', combineGroup: 'sachbearbeitung', sort: 90 },
];

const STVA_OFFERS = [
  { service: 'kfz-zulassung', slots: 2, maxQuantity: 3 },
  { service: 'kfz-abmeldung', slots: 1, maxQuantity: 3 },
  { service: 'fuehrerschein', slots: 2, maxQuantity: 1 },
  { service: 'termin-sachbearbeitung', slots: 2, maxQuantity: 1 },
];
const OFFICE_HOURS = [
  { kind: 'weekly' as const, weekdays: [1, 2, 3, 4, 5], start: '07:30', end: '12:00' },
  { kind: 'weekly' as const, weekdays: [4], start: '14:00', end: '17:30' },
];

export const DEMO_LOCATIONS: DemoLocation[] = [
  {
    slug: 'strassenverkehrsamt-neuss',
    orgUnit: 'strassenverkehrsamt',
    name: 'Straßenverkehrsamt Neuss',
    street: 'Jülicher Landstraße 178',
    postalCode: '41464',
    city: 'Neuss',
    slotMinutes: 15,
    workstationsPublic: 6,
    workstationsInternal: 2,
    offers: STVA_OFFERS,
    // First Saturday of the month: extra morning.
    rules: [...OFFICE_HOURS, { kind: 'monthly', weekdays: [6], nthWeek: 1, start: '09:00', end: '12:00' }],
  },
  {
    slug: 'strassenverkehrsamt-grevenbroich',
    orgUnit: 'strassenverkehrsamt',
    name: 'Straßenverkehrsamt Grevenbroich',
    street: 'Auf der Schanze 4',
    postalCode: '41515',
    city: 'Grevenbroich',
    slotMinutes: 15,
    workstationsPublic: 4,
    workstationsInternal: 1,
    offers: STVA_OFFERS,
    rules: OFFICE_HOURS,
  },
  {
    slug: 'strassenverkehrsamt-dormagen',
    orgUnit: 'strassenverkehrsamt',
    name: 'Straßenverkehrsamt Dormagen',
    street: 'Paul-Wierich-Platz 2',
    postalCode: '41539',
    city: 'Dormagen',
    demoAddress: true,
    slotMinutes: 15,
    workstationsPublic: 2,
    workstationsInternal: 1,
    offers: STVA_OFFERS,
    rules: [{ kind: 'weekly', weekdays: [1, 2, 3, 4, 5], start: '08:00', end: '12:00' }],
  },
  {
    slug: 'strassenverkehrsamt-meerbusch',
    orgUnit: 'strassenverkehrsamt',
    name: 'Straßenverkehrsamt Meerbusch-Büderich',
    street: 'Dorfstraße 20',
    postalCode: '40667',
    city: 'Meerbusch',
    demoAddress: true,
    slotMinutes: 15,
    workstationsPublic: 2,
    workstationsInternal: 0,
    offers: STVA_OFFERS,
    // Every other Wednesday afternoon in addition.
    rules: [
      { kind: 'weekly', weekdays: [1, 2, 4, 5], start: '08:00', end: '12:00' },
      { kind: 'weekly', weekdays: [3], intervalWeeks: 2, start: '13:00', end: '16:00' },
    ],
  },
  {
    slug: 'gesundheitsamt-neuss',
    orgUnit: 'gesundheitsamt',
    name: 'Gesundheitsamt Neuss',
    street: 'Oberstraße 91',
    postalCode: '41460',
    city: 'Neuss',
    slotMinutes: 15,
    workstationsPublic: 2,
    workstationsInternal: 0,
    requiresConfirmation: true,
    offers: [
      { service: 'ifsg-belehrung', slots: 1, maxQuantity: 5 },
      { service: 'gelbfieber-impfung', slots: 2, maxQuantity: 4 },
      { service: 'hiv-sti-beratung', slots: 3, maxQuantity: 1 },
      { service: 'termin-sachbearbeitung', slots: 2, maxQuantity: 1 },
    ],
    rules: [
      { kind: 'weekly', weekdays: [1, 2, 3, 4, 5], start: '08:30', end: '12:00' },
      { kind: 'weekly', weekdays: [2, 4], start: '13:00', end: '14:00', service: 'ifsg-belehrung', seats: 20 },
    ],
  },
  {
    slug: 'kreisjugendamt-grevenbroich',
    orgUnit: 'kreisjugendamt',
    name: 'Kreisjugendamt Grevenbroich',
    street: 'Auf der Schanze 4',
    postalCode: '41515',
    city: 'Grevenbroich',
    slotMinutes: 30,
    workstationsPublic: 2,
    workstationsInternal: 1,
    offers: [
      { service: 'jugendamt-beratung', slots: 2, maxQuantity: 1 },
      { service: 'termin-sachbearbeitung', slots: 1, maxQuantity: 1 },
    ],
    rules: [{ kind: 'weekly', weekdays: [1, 2, 3, 4], start: '08:30', end: '15:30' }],
  },
  {
    slug: 'bafoeg-neuss',
    orgUnit: 'bafoeg',
    name: 'BAföG-Amt Neuss',
    street: 'Oberstraße 91',
    postalCode: '41460',
    city: 'Neuss',
    slotMinutes: 20,
    workstationsPublic: 1,
    workstationsInternal: 1,
    offers: [
      { service: 'bafoeg-beratung', slots: 1, maxQuantity: 1 },
      { service: 'termin-sachbearbeitung', slots: 1, maxQuantity: 1 },
    ],
    rules: [{ kind: 'weekly', weekdays: [1, 3, 4], start: '09:00', end: '12:00' }],
  },
];
