/**
 * Local services of the Rhein-Kreis Neuss and its eight towns (demo content with real structure).
 * LeiKa keys and OZG ids are taken from catalogue/leika_leistungen.csv / catalogue/ozg_leistungen.csv
 * (null where the catalogue has no entry). Fee amounts are demo values; the ordinance named as
 * legal basis is the real one (see README.md, "Demo content").
 */
export type Channel = 'online' | 'appointment' | 'in_person' | 'phone' | 'email';

export interface Fee {
  label: { de: string; en: string };
  amount: string;
  legalBasis: string;
}

/** Where a municipal service is handled by someone else than the town's own unit. */
export interface Override {
  tenant: 'kreis' | 'self';
  unit: string;
}

export interface LocalServiceSeed {
  slug: string;
  level: 'kreis' | 'gemeinde';
  /** Org unit slug: of the Kreis (level kreis) or of each town (level gemeinde). */
  unit: string;
  /** Per-town exceptions (level gemeinde). */
  overrides?: Record<string, Override>;
  leikaKey: string | null;
  ozgId: number | null;
  /** Only needed when ozgId is null (else taken from the OZG catalogue). */
  themenfeld?: string;
  lebenslagen?: string[];
  title: { de: string; en: string };
  summary: { de: string; en: string };
  body?: { de: string; en?: string };
  easyLanguage?: string;
  keywords: string;
  fees: Fee[];
  documents: { de: string; en: string }[];
  processingDays: number | null;
  processing?: { de: string; en: string };
  legalBasis: string;
  channels: Channel[];
  onlineUrl?: string;
  appointmentUrl?: string;
}

const GEBOST = 'Gebührenordnung für Maßnahmen im Straßenverkehr (GebOSt), Anlage';
const VERWGEB = 'Allgemeine Verwaltungsgebührenordnung NRW (AVerwGebO NRW)';
const APPT = '/termine';
const KITA_BY_KREIS: Record<string, Override> = {
  juechen: { tenant: 'kreis', unit: 'kreisjugendamt' },
  korschenbroich: { tenant: 'kreis', unit: 'kreisjugendamt' },
  rommerskirchen: { tenant: 'kreis', unit: 'kreisjugendamt' },
};
const ID_DOC = { de: 'Personalausweis oder Reisepass', en: 'Identity card or passport' };

export const LOCAL_SERVICES: LocalServiceSeed[] = [
  // ——— The six services with online forms (applications module) ———
  {
    slug: 'hundesteuer-anmeldung',
    level: 'gemeinde',
    unit: 'steueramt',
    leikaKey: '99102013002000',
    ozgId: 10160,
    title: { de: 'Hund zur Hundesteuer anmelden', en: 'Register a dog for dog tax' },
    summary: {
      de: 'Wer einen Hund hält, muss ihn innerhalb von zwei Wochen bei der Stadt oder Gemeinde zur Hundesteuer anmelden.',
      en: 'Dog owners must register their dog for dog tax with their town within two weeks.',
    },
    body: {
      de: 'Die Hundesteuer ist eine **Gemeindesteuer**. Sie melden Ihren Hund bei der Stadt oder Gemeinde an, in der Sie wohnen. Sie erhalten danach einen Steuerbescheid und eine Hundesteuermarke.\n\n- Anmeldung innerhalb von 14 Tagen nach Beginn der Haltung oder nach dem Zuzug\n- Für gefährliche Hunde gilt ein höherer Steuersatz\n- Die Höhe regelt die Hundesteuersatzung Ihrer Kommune',
      en: 'Dog tax is a **municipal tax**. You register your dog with the town you live in and receive a tax notice and a dog tag.',
    },
    easyLanguage:
      'Sie haben einen Hund? Dann müssen Sie Hunde-Steuer bezahlen. Melden Sie den Hund bei Ihrer Stadt an. Das geht online.',
    keywords: 'Hundesteuer Hund Hundemarke Steuermarke Anmeldung Tier',
    fees: [],
    documents: [
      {
        de: 'Angaben zum Hund (Rasse, Geburtsdatum, Chipnummer)',
        en: 'Details of the dog (breed, date of birth, chip number)',
      },
    ],
    processingDays: 14,
    legalBasis: 'Kommunalabgabengesetz NRW (KAG NRW) § 2, § 3; Hundesteuersatzung der Stadt oder Gemeinde',
    channels: ['online', 'in_person', 'email'],
    onlineUrl: '/antraege/hundesteuer-anmeldung',
  },
  {
    slug: 'fischereischein',
    level: 'kreis',
    unit: 'ordnungsamt',
    leikaKey: '99042001012000',
    ozgId: 10148,
    title: { de: 'Fischereischein beantragen', en: 'Apply for a fishing licence' },
    summary: {
      de: 'Wer in Nordrhein-Westfalen angeln möchte, braucht einen Fischereischein. Zuständig ist die Untere Fischereibehörde des Rhein-Kreises Neuss.',
      en: 'Anyone who wants to fish in North Rhine-Westphalia needs a fishing licence, issued by the district’s lower fisheries authority.',
    },
    body: {
      de: 'Den Fischereischein erhalten Sie nach bestandener **Fischerprüfung**. Er gilt wahlweise für ein Jahr, fünf Jahre oder auf Lebenszeit. Zusätzlich zum Schein zahlen Sie die Fischereiabgabe.',
    },
    keywords: 'Angeln Angelschein Fischerprüfung Fischereiabgabe Untere Fischereibehörde',
    fees: [
      {
        label: { de: 'Fischereischein, 5 Jahre', en: 'Fishing licence, 5 years' },
        amount: '24,00 €',
        legalBasis: VERWGEB,
      },
      {
        label: { de: 'Fischereiabgabe je Jahr', en: 'Fishing levy per year' },
        amount: '6,00 €',
        legalBasis: 'Landesfischereigesetz NRW (LFischG) § 32',
      },
    ],
    documents: [
      ID_DOC,
      { de: 'Zeugnis über die bestandene Fischerprüfung', en: 'Certificate of the fishing exam' },
      { de: 'Passfoto', en: 'Passport photo' },
    ],
    processingDays: 7,
    legalBasis: 'Landesfischereigesetz NRW (LFischG) §§ 31 ff.; Landesfischereiverordnung (LFischVO)',
    channels: ['online', 'in_person', 'email'],
    onlineUrl: '/antraege/fischereischein',
  },
  {
    slug: 'bewohnerparkausweis',
    level: 'gemeinde',
    unit: 'ordnungsamt',
    leikaKey: '99108001001000',
    ozgId: 10173,
    title: { de: 'Bewohnerparkausweis beantragen', en: 'Apply for a resident parking permit' },
    summary: {
      de: 'Wer in einer Bewohnerparkzone wohnt, kann einen Parkausweis für sein Fahrzeug beantragen.',
      en: 'Residents of a resident parking zone can apply for a parking permit for their vehicle.',
    },
    keywords: 'Anwohnerparken Parkausweis Bewohnerparken Parkzone Anwohnerparkausweis',
    fees: [
      {
        label: { de: 'Bewohnerparkausweis je Jahr', en: 'Permit per year' },
        amount: '30,00 €',
        legalBasis: 'Gebührenordnung der Stadt für das Bewohnerparken (§ 6a Abs. 5a StVG)',
      },
    ],
    documents: [
      ID_DOC,
      {
        de: 'Fahrzeugschein (Zulassungsbescheinigung Teil I)',
        en: 'Vehicle registration certificate part I',
      },
    ],
    processingDays: 5,
    legalBasis: '§ 45 Abs. 1b Nr. 2a StVO; § 46 Abs. 1 Nr. 11 StVO',
    channels: ['online', 'in_person'],
    onlineUrl: '/antraege/bewohnerparkausweis',
  },
  {
    slug: 'jagdschein-verlaengerung',
    level: 'kreis',
    unit: 'ordnungsamt',
    leikaKey: '99067004000000',
    ozgId: 10149,
    title: { de: 'Jagdschein verlängern', en: 'Renew a hunting licence' },
    summary: {
      de: 'Den Jahresjagdschein oder Dreijahresjagdschein verlängert die Untere Jagdbehörde des Rhein-Kreises Neuss.',
      en: 'The district’s lower hunting authority renews one-year and three-year hunting licences.',
    },
    body: {
      de: 'Für die Verlängerung prüft die Untere Jagdbehörde die Zuverlässigkeit und den Nachweis der **Jagdhaftpflichtversicherung**. Beantragen Sie die Verlängerung rechtzeitig vor dem 31. März.',
    },
    keywords: 'Jagd Jäger Jahresjagdschein Untere Jagdbehörde Jagdhaftpflicht',
    fees: [
      {
        label: { de: 'Jahresjagdschein', en: 'One-year licence' },
        amount: '50,00 €',
        legalBasis: 'Landesjagdgesetz NRW (LJG-NRW); AVerwGebO NRW, Tarifstelle Jagd',
      },
      {
        label: { de: 'Jagdabgabe je Jahr', en: 'Hunting levy per year' },
        amount: '45,00 €',
        legalBasis: 'Landesjagdgesetz NRW § 57',
      },
    ],
    documents: [
      ID_DOC,
      { de: 'Bisheriger Jagdschein', en: 'Current hunting licence' },
      { de: 'Nachweis der Jagdhaftpflichtversicherung', en: 'Proof of hunting liability insurance' },
    ],
    processingDays: 14,
    legalBasis: '§§ 15–17 Bundesjagdgesetz (BJagdG); Landesjagdgesetz NRW (LJG-NRW)',
    channels: ['online', 'in_person', 'email'],
    onlineUrl: '/antraege/jagdschein-verlaengerung',
  },
  {
    slug: 'allgemeine-anfrage',
    level: 'kreis',
    unit: 'buergerservice',
    leikaKey: null,
    ozgId: null,
    themenfeld: 'Querschnitt',
    lebenslagen: ['Querschnitt Bürger'],
    title: { de: 'Allgemeine Anfrage an die Verwaltung', en: 'General enquiry to the administration' },
    summary: {
      de: 'Sie haben eine Frage und wissen nicht, wer zuständig ist? Schreiben Sie uns – wir leiten Ihr Anliegen weiter.',
      en: 'You have a question and do not know who is responsible? Write to us and we forward your request.',
    },
    easyLanguage: 'Sie haben eine Frage an das Amt? Schreiben Sie uns. Wir helfen Ihnen.',
    keywords: 'Frage Kontakt Anliegen Bürgerservice Beschwerde Hinweis',
    fees: [],
    documents: [],
    processingDays: 10,
    legalBasis: '§ 25 Verwaltungsverfahrensgesetz NRW (Beratung, Auskunft)',
    channels: ['online', 'phone', 'email'],
    onlineUrl: '/antraege/allgemeine-anfrage',
  },
  {
    slug: 'reitkennzeichen',
    level: 'kreis',
    unit: 'strassenverkehrsamt',
    leikaKey: null,
    ozgId: null,
    themenfeld: 'Engagement & Hobby',
    lebenslagen: ['Tierhaltung'],
    title: { de: 'Reitkennzeichen beantragen', en: 'Apply for a horse riding plate' },
    summary: {
      de: 'Wer im Wald und in der freien Landschaft reitet, braucht für sein Pferd ein gültiges Reitkennzeichen.',
      en: 'Riding in forests and open countryside requires a valid riding plate for the horse.',
    },
    keywords: 'Pferd Reiten Reitplakette Reitabgabe Wald',
    fees: [
      {
        label: { de: 'Reitkennzeichen mit Reitabgabe je Jahr', en: 'Riding plate incl. levy per year' },
        amount: '30,00 €',
        legalBasis: 'Landesnaturschutzgesetz NRW (LNatSchG NRW) § 58',
      },
    ],
    documents: [ID_DOC, { de: 'Angaben zum Pferd', en: 'Details of the horse' }],
    processingDays: 7,
    legalBasis: '§ 58 Landesnaturschutzgesetz NRW (LNatSchG NRW)',
    channels: ['online', 'in_person'],
    onlineUrl: '/antraege/reitkennzeichen',
  },
  // ——— Kreis: Straßenverkehrsamt ———
  {
    slug: 'fahrzeug-zulassen',
    level: 'kreis',
    unit: 'strassenverkehrsamt',
    leikaKey: '99036008007000',
    ozgId: 10439,
    title: { de: 'Fahrzeug zulassen', en: 'Register a vehicle' },
    summary: {
      de: 'Neu- oder Gebrauchtfahrzeug anmelden: Die Zulassungsstelle des Rhein-Kreises Neuss teilt Kennzeichen zu und stellt die Zulassungsbescheinigungen aus.',
      en: 'Register a new or used vehicle: the district registration office assigns plates and issues the registration certificates.',
    },
    keywords: 'Kfz Auto Zulassung Anmeldung Zulassungsstelle Kennzeichen Autoanmeldung',
    fees: [
      {
        label: { de: 'Zulassung eines Fahrzeugs', en: 'Registration of a vehicle' },
        amount: 'ab 27,90 €',
        legalBasis: `${GEBOST}, Gebührennummer 221`,
      },
    ],
    documents: [
      ID_DOC,
      { de: 'Zulassungsbescheinigung Teil II', en: 'Registration certificate part II' },
      { de: 'eVB-Nummer der Versicherung', en: 'Electronic insurance confirmation (eVB number)' },
      { de: 'SEPA-Lastschriftmandat für die Kfz-Steuer', en: 'SEPA direct debit mandate for vehicle tax' },
    ],
    processingDays: 0,
    processing: { de: 'Sofort beim Termin', en: 'Immediately at the appointment' },
    legalBasis: '§§ 3, 6 Fahrzeug-Zulassungsverordnung (FZV)',
    channels: ['appointment', 'in_person'],
    appointmentUrl: APPT,
  },
  {
    slug: 'fahrzeug-abmelden',
    level: 'kreis',
    unit: 'strassenverkehrsamt',
    leikaKey: '99036008070002',
    ozgId: 10439,
    title: { de: 'Fahrzeug außer Betrieb setzen (abmelden)', en: 'Deregister a vehicle' },
    summary: {
      de: 'Ein Fahrzeug wird abgemeldet, wenn es nicht mehr am Straßenverkehr teilnehmen soll.',
      en: 'A vehicle is deregistered when it is no longer used on public roads.',
    },
    keywords: 'Abmeldung Außerbetriebsetzung Kfz stilllegen Auto abmelden',
    fees: [
      {
        label: { de: 'Außerbetriebsetzung', en: 'Deregistration' },
        amount: '5,70 €',
        legalBasis: `${GEBOST}, Gebührennummer 224`,
      },
    ],
    documents: [
      { de: 'Zulassungsbescheinigung Teil I', en: 'Registration certificate part I' },
      { de: 'Kennzeichenschilder', en: 'Number plates' },
    ],
    processingDays: 0,
    legalBasis: '§ 14 Fahrzeug-Zulassungsverordnung (FZV)',
    channels: ['appointment', 'in_person'],
    appointmentUrl: APPT,
  },
  {
    slug: 'fahrzeug-umschreiben',
    level: 'kreis',
    unit: 'strassenverkehrsamt',
    leikaKey: '99036008007001',
    ozgId: 10439,
    title: { de: 'Fahrzeug umschreiben (Halterwechsel)', en: 'Transfer a vehicle to a new owner' },
    summary: {
      de: 'Nach dem Kauf eines gebrauchten Fahrzeugs schreiben Sie es auf sich um.',
      en: 'After buying a used vehicle you transfer its registration to your name.',
    },
    keywords: 'Halterwechsel Umschreibung Gebrauchtwagen Kauf Auto ummelden',
    fees: [
      {
        label: { de: 'Umschreibung', en: 'Transfer' },
        amount: 'ab 27,90 €',
        legalBasis: `${GEBOST}, Gebührennummer 221`,
      },
    ],
    documents: [
      ID_DOC,
      { de: 'Zulassungsbescheinigung Teil I und II', en: 'Registration certificate parts I and II' },
      { de: 'eVB-Nummer', en: 'eVB number' },
    ],
    processingDays: 0,
    legalBasis: '§ 13 Fahrzeug-Zulassungsverordnung (FZV)',
    channels: ['appointment', 'in_person'],
    appointmentUrl: APPT,
  },
  {
    slug: 'wunschkennzeichen',
    level: 'kreis',
    unit: 'strassenverkehrsamt',
    leikaKey: '99036009072003',
    ozgId: 10436,
    title: { de: 'Wunschkennzeichen reservieren', en: 'Reserve a personalised number plate' },
    summary: {
      de: 'Ein Wunschkennzeichen mit NE oder GV können Sie reservieren und bei der Zulassung zuteilen lassen.',
      en: 'You can reserve a personalised plate with NE or GV and have it assigned when you register the vehicle.',
    },
    keywords: 'Wunschkennzeichen Kennzeichen reservieren NE GV Nummernschild',
    fees: [
      {
        label: { de: 'Reservierung und Zuteilung', en: 'Reservation and assignment' },
        amount: '12,80 €',
        legalBasis: `${GEBOST}, Gebührennummer 221.6`,
      },
    ],
    documents: [],
    processingDays: 0,
    processing: { de: 'Die Reservierung gilt 90 Tage.', en: 'The reservation is valid for 90 days.' },
    legalBasis: '§ 8 Fahrzeug-Zulassungsverordnung (FZV); GebOSt Gebührennummer 221',
    channels: ['appointment', 'in_person'],
    appointmentUrl: APPT,
  },
  {
    slug: 'saisonkennzeichen',
    level: 'kreis',
    unit: 'strassenverkehrsamt',
    leikaKey: '99036009069006',
    ozgId: 10436,
    title: { de: 'Saisonkennzeichen beantragen', en: 'Apply for a seasonal number plate' },
    summary: {
      de: 'Mit einem Saisonkennzeichen ist das Fahrzeug nur in einem festen Zeitraum des Jahres zugelassen, zum Beispiel ein Motorrad von März bis Oktober.',
      en: 'A seasonal plate registers the vehicle only for a fixed period of the year.',
    },
    keywords: 'Saisonkennzeichen Motorrad Cabrio Wohnmobil Saison',
    fees: [
      {
        label: { de: 'Zuteilung', en: 'Assignment' },
        amount: 'ab 27,90 €',
        legalBasis: `${GEBOST}, Gebührennummer 221`,
      },
    ],
    documents: [
      ID_DOC,
      { de: 'Zulassungsbescheinigung Teil I und II', en: 'Registration certificate parts I and II' },
    ],
    processingDays: 0,
    legalBasis: '§ 9 Abs. 3 Fahrzeug-Zulassungsverordnung (FZV)',
    channels: ['appointment', 'in_person'],
    appointmentUrl: APPT,
  },
  {
    slug: 'fuehrerschein-ersterteilung',
    level: 'kreis',
    unit: 'strassenverkehrsamt',
    leikaKey: '99023001012000',
    ozgId: 10169,
    title: { de: 'Führerschein beantragen (Ersterteilung)', en: 'Apply for a driving licence' },
    summary: {
      de: 'Den Antrag auf die erste Fahrerlaubnis stellen Sie bei der Führerscheinstelle, bevor Sie die Prüfung ablegen.',
      en: 'You apply for your first driving licence at the licensing office before taking the test.',
    },
    keywords: 'Führerschein Fahrerlaubnis Fahrschule Prüfung Führerscheinstelle',
    fees: [
      {
        label: { de: 'Erteilung einer Fahrerlaubnis', en: 'Issue of a driving licence' },
        amount: '43,40 €',
        legalBasis: `${GEBOST}, Gebührennummer 202.1`,
      },
    ],
    documents: [
      ID_DOC,
      { de: 'Biometrisches Passfoto', en: 'Biometric photo' },
      { de: 'Sehtestbescheinigung', en: 'Eye test certificate' },
      { de: 'Nachweis Erste-Hilfe-Kurs', en: 'First-aid course certificate' },
    ],
    processingDays: 28,
    legalBasis: '§§ 4, 21, 22 Fahrerlaubnis-Verordnung (FeV)',
    channels: ['appointment', 'in_person'],
    appointmentUrl: APPT,
  },
  {
    slug: 'fuehrerschein-umtausch',
    level: 'kreis',
    unit: 'strassenverkehrsamt',
    leikaKey: '99023001051000',
    ozgId: 10169,
    title: { de: 'Führerschein umtauschen', en: 'Exchange a driving licence' },
    summary: {
      de: 'Alte Papier- und Kartenführerscheine müssen bis zu festen Stichtagen in den EU-Kartenführerschein umgetauscht werden.',
      en: 'Old paper and card licences must be exchanged for the EU card licence by fixed deadlines.',
    },
    keywords: 'Pflichtumtausch Führerschein Kartenführerschein Papierführerschein',
    fees: [
      {
        label: { de: 'Umtausch', en: 'Exchange' },
        amount: '25,30 €',
        legalBasis: `${GEBOST}, Gebührennummer 202.5`,
      },
    ],
    documents: [
      ID_DOC,
      { de: 'Bisheriger Führerschein', en: 'Current licence' },
      { de: 'Biometrisches Passfoto', en: 'Biometric photo' },
    ],
    processingDays: 21,
    legalBasis: '§ 24a, § 25 Fahrerlaubnis-Verordnung (FeV)',
    channels: ['appointment', 'in_person'],
    appointmentUrl: APPT,
  },
  {
    slug: 'internationaler-fuehrerschein',
    level: 'kreis',
    unit: 'strassenverkehrsamt',
    leikaKey: '99023001012004',
    ozgId: 10169,
    title: { de: 'Internationalen Führerschein beantragen', en: 'Apply for an international driving permit' },
    summary: {
      de: 'Für Reisen in Länder außerhalb der EU brauchen Sie oft zusätzlich einen internationalen Führerschein.',
      en: 'Travelling outside the EU often requires an international driving permit in addition.',
    },
    keywords: 'internationaler Führerschein Urlaub Ausland Reise',
    fees: [
      {
        label: { de: 'Ausstellung', en: 'Issue' },
        amount: '16,50 €',
        legalBasis: `${GEBOST}, Gebührennummer 202.8`,
      },
    ],
    documents: [
      ID_DOC,
      { de: 'EU-Kartenführerschein', en: 'EU card licence' },
      { de: 'Passfoto', en: 'Passport photo' },
    ],
    processingDays: 0,
    legalBasis: '§ 25b Fahrerlaubnis-Verordnung (FeV)',
    channels: ['appointment', 'in_person'],
    appointmentUrl: APPT,
  },
  // ——— Kreis: Gesundheitsamt ———
  {
    slug: 'ifsg-belehrung',
    level: 'kreis',
    unit: 'gesundheitsamt',
    leikaKey: '99003002022000',
    ozgId: 10181,
    title: { de: 'Belehrung nach § 43 Infektionsschutzgesetz', en: 'Food hygiene instruction (§ 43 IfSG)' },
    summary: {
      de: 'Wer gewerbsmäßig mit Lebensmitteln arbeitet, braucht vor der ersten Tätigkeit eine Erstbelehrung des Gesundheitsamtes.',
      en: 'Anyone handling food commercially needs an initial instruction by the public health office before starting work.',
    },
    easyLanguage:
      'Sie wollen mit Lebens-Mitteln arbeiten? Zum Beispiel in einer Küche? Dann brauchen Sie vorher eine Belehrung vom Gesundheits-Amt.',
    keywords: 'Gesundheitszeugnis Lebensmittel Belehrung Rote Karte Gastronomie IfSG',
    fees: [
      {
        label: { de: 'Erstbelehrung mit Bescheinigung', en: 'Instruction with certificate' },
        amount: '25,00 €',
        legalBasis: 'Gebührensatzung des Rhein-Kreises Neuss für das Gesundheitsamt',
      },
    ],
    documents: [ID_DOC],
    processingDays: 0,
    legalBasis: '§ 43 Infektionsschutzgesetz (IfSG)',
    channels: ['appointment', 'in_person'],
    appointmentUrl: APPT,
  },
  {
    slug: 'gelbfieberimpfung',
    level: 'kreis',
    unit: 'gesundheitsamt',
    leikaKey: '99003012058000',
    ozgId: 10183,
    title: { de: 'Gelbfieberimpfung', en: 'Yellow fever vaccination' },
    summary: {
      de: 'Das Gesundheitsamt ist zugelassene Gelbfieberimpfstelle und berät zu Reiseimpfungen.',
      en: 'The public health office is an authorised yellow fever vaccination centre and advises on travel vaccinations.',
    },
    keywords: 'Impfung Gelbfieber Reiseimpfung Reisemedizin Tropen Impfpass',
    fees: [
      {
        label: { de: 'Impfung mit Impfstoff', en: 'Vaccination incl. vaccine' },
        amount: '70,00 €',
        legalBasis: 'Gebührensatzung des Rhein-Kreises Neuss für das Gesundheitsamt',
      },
    ],
    documents: [{ de: 'Impfpass', en: 'Vaccination card' }],
    processingDays: 0,
    legalBasis: '§ 20 Infektionsschutzgesetz (IfSG); Internationale Gesundheitsvorschriften (IGV)',
    channels: ['appointment', 'in_person', 'phone'],
    appointmentUrl: APPT,
  },
  {
    slug: 'hiv-sti-beratung',
    level: 'kreis',
    unit: 'gesundheitsamt',
    leikaKey: null,
    ozgId: 10181,
    title: { de: 'HIV- und STI-Beratung und Test', en: 'HIV and STI counselling and testing' },
    summary: {
      de: 'Anonyme und kostenlose Beratung zu HIV und anderen sexuell übertragbaren Infektionen, mit Test.',
      en: 'Anonymous and free counselling on HIV and other sexually transmitted infections, including a test.',
    },
    keywords: 'HIV Aids STI Geschlechtskrankheiten anonym Test Beratung Syphilis',
    fees: [
      {
        label: { de: 'Beratung und HIV-Test', en: 'Counselling and HIV test' },
        amount: 'kostenlos',
        legalBasis: '§ 19 Infektionsschutzgesetz (IfSG)',
      },
    ],
    documents: [],
    processingDays: 7,
    processing: {
      de: 'Testergebnis in der Regel nach einer Woche',
      en: 'Test result usually after one week',
    },
    legalBasis: '§ 19 Infektionsschutzgesetz (IfSG)',
    channels: ['appointment', 'phone'],
    appointmentUrl: APPT,
  },
  // ——— Kreis: BAföG, Jugend, Soziales, Bau ———
  {
    slug: 'schueler-bafoeg',
    level: 'kreis',
    unit: 'bafoeg',
    leikaKey: '99022001017000',
    ozgId: 10056,
    lebenslagen: ['Schule'],
    title: { de: 'BAföG für Schülerinnen und Schüler', en: 'BAföG for school students' },
    summary: {
      de: 'Schülerinnen und Schüler weiterführender Schulen können Ausbildungsförderung erhalten. Zuständig ist das Amt für Ausbildungsförderung des Kreises.',
      en: 'Students of certain secondary and vocational schools can receive education grants from the district office.',
    },
    keywords: 'BAföG Ausbildungsförderung Schüler Berufsfachschule Fachoberschule',
    fees: [],
    documents: [
      ID_DOC,
      { de: 'Schulbescheinigung', en: 'School certificate' },
      { de: 'Einkommensnachweise der Eltern', en: 'Parents’ income documents' },
    ],
    processingDays: 42,
    legalBasis: 'Bundesausbildungsförderungsgesetz (BAföG) §§ 2, 7, 45',
    channels: ['appointment', 'in_person', 'email'],
    appointmentUrl: APPT,
  },
  {
    slug: 'bafoeg-beratung',
    level: 'kreis',
    unit: 'bafoeg',
    leikaKey: '99022001018000',
    ozgId: 10056,
    title: { de: 'BAföG-Beratung', en: 'BAföG advice' },
    summary: {
      de: 'Persönliche Beratung zur Ausbildungsförderung und zum Antrag.',
      en: 'Personal advice on education grants and the application.',
    },
    keywords: 'BAföG Beratung Ausbildungsförderung',
    fees: [],
    documents: [],
    processingDays: null,
    legalBasis: '§ 41 Abs. 3 Bundesausbildungsförderungsgesetz (BAföG)',
    channels: ['appointment', 'phone', 'email'],
    appointmentUrl: APPT,
  },
  {
    slug: 'jagdschein-erteilung',
    level: 'kreis',
    unit: 'ordnungsamt',
    leikaKey: '99067004001000',
    ozgId: 10149,
    title: { de: 'Jagdschein beantragen (erstmalig)', en: 'Apply for a hunting licence' },
    summary: {
      de: 'Nach bestandener Jägerprüfung erteilt die Untere Jagdbehörde den ersten Jagdschein.',
      en: 'After passing the hunting exam the lower hunting authority issues the first licence.',
    },
    keywords: 'Jagdschein Jägerprüfung Jagd Untere Jagdbehörde',
    fees: [
      {
        label: { de: 'Jahresjagdschein', en: 'One-year licence' },
        amount: '50,00 €',
        legalBasis: 'AVerwGebO NRW, Tarifstelle Jagd',
      },
    ],
    documents: [
      ID_DOC,
      { de: 'Zeugnis über die Jägerprüfung', en: 'Hunting exam certificate' },
      { de: 'Nachweis Jagdhaftpflichtversicherung', en: 'Proof of liability insurance' },
      { de: 'Passfoto', en: 'Passport photo' },
    ],
    processingDays: 21,
    legalBasis: '§ 15 Bundesjagdgesetz (BJagdG); Landesjagdgesetz NRW (LJG-NRW)',
    channels: ['in_person', 'email'],
  },
  {
    slug: 'unterhaltsvorschuss',
    level: 'gemeinde',
    unit: 'jugendamt',
    overrides: KITA_BY_KREIS,
    leikaKey: '99107021017000',
    ozgId: 10035,
    title: { de: 'Unterhaltsvorschuss beantragen', en: 'Apply for maintenance advance' },
    summary: {
      de: 'Alleinerziehende erhalten Unterhaltsvorschuss, wenn der andere Elternteil keinen oder zu wenig Unterhalt zahlt. Zuständig ist das Jugendamt.',
      en: 'Single parents receive a maintenance advance when the other parent pays no or too little maintenance; the youth welfare office is responsible.',
    },
    keywords: 'Unterhalt alleinerziehend Unterhaltsvorschuss Jugendamt Kind',
    fees: [],
    documents: [
      ID_DOC,
      { de: 'Geburtsurkunde des Kindes', en: 'Child’s birth certificate' },
      { de: 'Nachweise zum Unterhalt', en: 'Maintenance documents' },
    ],
    processingDays: 30,
    legalBasis: 'Unterhaltsvorschussgesetz (UhVorschG) §§ 1 ff.',
    channels: ['in_person', 'email'],
  },
  {
    slug: 'kita-elternbeitraege',
    level: 'gemeinde',
    unit: 'jugendamt',
    overrides: KITA_BY_KREIS,
    leikaKey: '99107007000000',
    ozgId: 10019,
    title: { de: 'Elternbeiträge für Kita und Kindertagespflege', en: 'Parental fees for day care' },
    summary: {
      de: 'Für die Betreuung in Kita und Kindertagespflege zahlen Eltern einkommensabhängige Beiträge an das zuständige Jugendamt. In Jüchen, Korschenbroich und Rommerskirchen ist das Kreisjugendamt zuständig.',
      en: 'Parents pay income-related fees for day care to the responsible youth welfare office; in Jüchen, Korschenbroich and Rommerskirchen this is the district youth office.',
    },
    keywords: 'Kita Kindergarten Elternbeitrag Beitrag Tagespflege Kinderbetreuung Gebühren',
    fees: [
      {
        label: { de: 'Elternbeitrag je Monat', en: 'Fee per month' },
        amount: 'nach Einkommen, 0 € bis über 500 €',
        legalBasis: '§ 90 SGB VIII; § 51 KiBiz NRW; Elternbeitragssatzung des Jugendamtes',
      },
    ],
    documents: [
      { de: 'Einkommensnachweise', en: 'Proof of income' },
      { de: 'Betreuungsvertrag', en: 'Care contract' },
    ],
    processingDays: 30,
    legalBasis: '§ 90 Sozialgesetzbuch VIII; § 51 Kinderbildungsgesetz NRW (KiBiz)',
    channels: ['in_person', 'email'],
  },
  {
    slug: 'schwerbehindertenausweis',
    level: 'kreis',
    unit: 'sozialamt',
    leikaKey: '99015007012001',
    ozgId: 10214,
    title: { de: 'Schwerbehindertenausweis beantragen', en: 'Apply for a severe disability card' },
    summary: {
      de: 'Der Kreis stellt den Grad der Behinderung fest und stellt den Schwerbehindertenausweis aus.',
      en: 'The district determines the degree of disability and issues the severe disability card.',
    },
    keywords: 'Behinderung GdB Schwerbehinderung Ausweis Merkzeichen',
    fees: [],
    documents: [
      ID_DOC,
      { de: 'Ärztliche Unterlagen', en: 'Medical documents' },
      { de: 'Passfoto', en: 'Passport photo' },
    ],
    processingDays: 90,
    legalBasis: '§ 152 Sozialgesetzbuch IX (SGB IX)',
    channels: ['in_person', 'email'],
  },
  {
    slug: 'baugenehmigung',
    level: 'gemeinde',
    unit: 'bauamt',
    overrides: { rommerskirchen: { tenant: 'kreis', unit: 'bauaufsicht' } },
    leikaKey: '99012008001000',
    ozgId: 10519,
    title: { de: 'Baugenehmigung beantragen', en: 'Apply for a building permit' },
    summary: {
      de: 'Für Neubau, Umbau und Nutzungsänderung brauchen Sie meist eine Baugenehmigung der unteren Bauaufsichtsbehörde. Für Rommerskirchen ist die Bauaufsicht des Kreises zuständig.',
      en: 'New buildings, conversions and changes of use usually need a building permit; for Rommerskirchen the district building control is responsible.',
    },
    keywords: 'Bauantrag Baugenehmigung Bauen Hausbau Anbau Bauaufsicht',
    fees: [
      {
        label: { de: 'Baugenehmigung', en: 'Building permit' },
        amount: 'nach Baukosten',
        legalBasis: 'AVerwGebO NRW, Tarifstelle 2 (Bauaufsicht)',
      },
    ],
    documents: [
      {
        de: 'Bauvorlagen nach der Bauprüfverordnung (BauPrüfVO)',
        en: 'Building documents as required by BauPrüfVO',
      },
    ],
    processingDays: 90,
    legalBasis: '§§ 60, 64, 65 Bauordnung NRW (BauO NRW 2018)',
    channels: ['in_person', 'email'],
  },
  // ——— Municipal: Bürgerbüro ———
  {
    slug: 'meldebescheinigung',
    level: 'gemeinde',
    unit: 'buergerbuero',
    leikaKey: '99115003012000',
    ozgId: 10559,
    title: { de: 'Meldebescheinigung beantragen', en: 'Request a residence certificate' },
    summary: {
      de: 'Die Meldebescheinigung bestätigt Ihre Wohnanschrift. Sie erhalten sie im Bürgerbüro Ihrer Stadt oder Gemeinde.',
      en: 'A residence certificate confirms your address; the citizens’ office of your town issues it.',
    },
    easyLanguage: 'Sie brauchen ein Papier: Hier wohne ich. Das bekommen Sie im Bürger-Büro.',
    keywords: 'Meldebescheinigung Meldebestätigung Wohnsitz Wohnungsgeberbestätigung',
    fees: [
      {
        label: { de: 'Meldebescheinigung', en: 'Certificate' },
        amount: '5,00 €',
        legalBasis: 'Verwaltungsgebührensatzung der Stadt / Gemeinde',
      },
    ],
    documents: [ID_DOC],
    processingDays: 0,
    legalBasis: '§ 18 Bundesmeldegesetz (BMG)',
    channels: ['in_person', 'appointment'],
    appointmentUrl: APPT,
  },
  {
    slug: 'wohnsitz-anmelden',
    level: 'gemeinde',
    unit: 'buergerbuero',
    leikaKey: '99115005104000',
    ozgId: 10124,
    title: { de: 'Wohnsitz anmelden', en: 'Register your address' },
    summary: {
      de: 'Nach einem Umzug melden Sie sich innerhalb von zwei Wochen im Bürgerbüro an.',
      en: 'After moving, register with the citizens’ office within two weeks.',
    },
    keywords: 'Umzug Anmeldung Wohnung Zuzug ummelden Meldebehörde',
    fees: [],
    documents: [ID_DOC, { de: 'Wohnungsgeberbestätigung', en: 'Landlord’s confirmation' }],
    processingDays: 0,
    legalBasis: '§ 17 Bundesmeldegesetz (BMG)',
    channels: ['appointment', 'in_person'],
    appointmentUrl: APPT,
  },
  {
    slug: 'personalausweis',
    level: 'gemeinde',
    unit: 'buergerbuero',
    leikaKey: '99008001012000',
    ozgId: 10119,
    title: { de: 'Personalausweis beantragen', en: 'Apply for an identity card' },
    summary: {
      de: 'Den Personalausweis beantragen Sie persönlich im Bürgerbüro.',
      en: 'You apply for an identity card in person at the citizens’ office.',
    },
    keywords: 'Ausweis Personalausweis Perso eID',
    fees: [
      {
        label: { de: 'Personalausweis ab 24 Jahren', en: 'Identity card, age 24 and over' },
        amount: '37,00 €',
        legalBasis: 'Personalausweisgebührenverordnung (PAuswGebV) § 1',
      },
    ],
    documents: [
      { de: 'Bisheriger Ausweis', en: 'Current identity card' },
      { de: 'Biometrisches Passfoto', en: 'Biometric photo' },
    ],
    processingDays: 21,
    legalBasis: '§ 9 Personalausweisgesetz (PAuswG)',
    channels: ['appointment', 'in_person'],
    appointmentUrl: APPT,
  },
  {
    slug: 'reisepass',
    level: 'gemeinde',
    unit: 'buergerbuero',
    leikaKey: '99085001012000',
    ozgId: 10177,
    title: { de: 'Reisepass beantragen', en: 'Apply for a passport' },
    summary: {
      de: 'Den Reisepass beantragen Sie persönlich im Bürgerbüro Ihres Wohnorts.',
      en: 'You apply for a passport in person at the citizens’ office.',
    },
    keywords: 'Pass Reisepass Urlaub Ausland',
    fees: [
      {
        label: { de: 'Reisepass ab 24 Jahren', en: 'Passport, age 24 and over' },
        amount: '70,00 €',
        legalBasis: 'Passverordnung (PassV) § 15',
      },
    ],
    documents: [
      { de: 'Bisheriger Pass oder Ausweis', en: 'Current passport or ID' },
      { de: 'Biometrisches Passfoto', en: 'Biometric photo' },
    ],
    processingDays: 28,
    legalBasis: '§ 6 Passgesetz (PaßG)',
    channels: ['appointment', 'in_person'],
    appointmentUrl: APPT,
  },
  {
    slug: 'fuehrungszeugnis',
    level: 'gemeinde',
    unit: 'buergerbuero',
    leikaKey: '99049001001000',
    ozgId: 10562,
    title: { de: 'Führungszeugnis beantragen', en: 'Request a certificate of good conduct' },
    summary: {
      de: 'Das Führungszeugnis beantragen Sie im Bürgerbüro oder online beim Bundesamt für Justiz.',
      en: 'Apply at the citizens’ office or online at the Federal Office of Justice.',
    },
    keywords: 'Führungszeugnis polizeiliches Zeugnis erweitertes Ehrenamt',
    fees: [
      {
        label: { de: 'Führungszeugnis', en: 'Certificate' },
        amount: '13,00 €',
        legalBasis: 'Justizverwaltungskostengesetz (JVKostG), Nr. 1130 KV',
      },
    ],
    documents: [ID_DOC],
    processingDays: 14,
    legalBasis: '§§ 30 ff. Bundeszentralregistergesetz (BZRG)',
    channels: ['in_person'],
  },
  {
    slug: 'fundsachen',
    level: 'gemeinde',
    unit: 'buergerbuero',
    leikaKey: '99089017152000',
    ozgId: 10244,
    title: { de: 'Fundsache abgeben oder abholen', en: 'Hand in or collect lost property' },
    summary: {
      de: 'Das Fundbüro im Bürgerbüro nimmt Fundsachen an und gibt sie an Verlierer heraus.',
      en: 'The lost property office takes in found items and returns them to owners.',
    },
    keywords: 'Fundbüro verloren gefunden Fundsache',
    fees: [],
    documents: [ID_DOC],
    processingDays: null,
    legalBasis: '§§ 965 ff. Bürgerliches Gesetzbuch (BGB)',
    channels: ['in_person', 'phone'],
  },
  // ——— Municipal: Ordnungsamt ———
  {
    slug: 'gewerbe-anmelden',
    level: 'gemeinde',
    unit: 'ordnungsamt',
    leikaKey: '99050012104000',
    ozgId: 10294,
    title: { de: 'Gewerbe anmelden', en: 'Register a business' },
    summary: {
      de: 'Wer ein Gewerbe beginnt, zeigt das beim Gewerbeamt seiner Stadt oder Gemeinde an.',
      en: 'Anyone starting a trade must notify the trade office of their town.',
    },
    keywords: 'Gewerbeanmeldung Gewerbeschein Selbstständigkeit Existenzgründung Gewerbeamt',
    fees: [
      {
        label: { de: 'Gewerbeanmeldung', en: 'Registration' },
        amount: '26,00 €',
        legalBasis: 'AVerwGebO NRW, Tarifstelle 17.1',
      },
    ],
    documents: [ID_DOC],
    processingDays: 3,
    legalBasis: '§ 14 Gewerbeordnung (GewO)',
    channels: ['in_person', 'email'],
  },
  {
    slug: 'gewerbe-abmelden',
    level: 'gemeinde',
    unit: 'ordnungsamt',
    leikaKey: '99050012070000',
    ozgId: 10294,
    title: { de: 'Gewerbe abmelden', en: 'Deregister a business' },
    summary: {
      de: 'Geben Sie Ihr Gewerbe auf, melden Sie es beim Gewerbeamt ab.',
      en: 'When you give up your trade, deregister it with the trade office.',
    },
    keywords: 'Gewerbeabmeldung Aufgabe Gewerbe',
    fees: [
      {
        label: { de: 'Gewerbeabmeldung', en: 'Deregistration' },
        amount: '15,00 €',
        legalBasis: 'AVerwGebO NRW, Tarifstelle 17.1',
      },
    ],
    documents: [ID_DOC],
    processingDays: 3,
    legalBasis: '§ 14 Gewerbeordnung (GewO)',
    channels: ['in_person', 'email'],
  },
  {
    slug: 'grosser-hund-anzeige',
    level: 'gemeinde',
    unit: 'ordnungsamt',
    leikaKey: '99110009104000',
    ozgId: 10160,
    title: { de: 'Haltung eines großen Hundes anzeigen', en: 'Notify keeping a large dog' },
    summary: {
      de: 'Hunde ab 40 cm Schulterhöhe oder 20 kg Gewicht müssen beim Ordnungsamt angezeigt werden (Landeshundegesetz NRW).',
      en: 'Dogs of 40 cm shoulder height or 20 kg must be notified to the public order office.',
    },
    keywords: 'großer Hund 40/20 Landeshundegesetz Sachkunde Haftpflicht',
    fees: [],
    documents: [
      { de: 'Sachkundenachweis', en: 'Proof of competence' },
      { de: 'Haftpflichtversicherung', en: 'Liability insurance' },
      { de: 'Chipnummer', en: 'Chip number' },
    ],
    processingDays: 14,
    legalBasis: '§ 11 Landeshundegesetz NRW (LHundG NRW)',
    channels: ['in_person', 'email'],
  },
  // ——— Municipal: Steueramt ———
  {
    slug: 'grundsteuer',
    level: 'gemeinde',
    unit: 'steueramt',
    leikaKey: '99102012002000',
    ozgId: 10117,
    title: { de: 'Grundsteuer – Fragen zum Bescheid', en: 'Property tax – questions about the notice' },
    summary: {
      de: 'Die Stadt oder Gemeinde setzt die Grundsteuer mit dem Hebesatz fest und verschickt den Bescheid.',
      en: 'The town sets property tax with its multiplier and sends the notice.',
    },
    keywords: 'Grundsteuer Hebesatz Grundbesitzabgaben Bescheid Grundstück',
    fees: [],
    documents: [],
    processingDays: null,
    legalBasis: 'Grundsteuergesetz (GrStG) §§ 25 ff.; Hebesatzsatzung',
    channels: ['in_person', 'phone', 'email'],
  },
  {
    slug: 'gewerbesteuer',
    level: 'gemeinde',
    unit: 'steueramt',
    leikaKey: '99102010002000',
    ozgId: 10364,
    title: {
      de: 'Gewerbesteuer – Festsetzung und Vorauszahlungen',
      en: 'Trade tax – assessment and prepayments',
    },
    summary: {
      de: 'Auf Grundlage des Messbescheids des Finanzamts setzt die Kommune die Gewerbesteuer fest.',
      en: 'Based on the tax office’s assessment, the town sets trade tax.',
    },
    keywords: 'Gewerbesteuer Hebesatz Vorauszahlung Unternehmen',
    fees: [],
    documents: [],
    processingDays: null,
    legalBasis: 'Gewerbesteuergesetz (GewStG) §§ 4, 16',
    channels: ['phone', 'email'],
  },
  {
    slug: 'hundesteuer-befreiung',
    level: 'gemeinde',
    unit: 'steueramt',
    leikaKey: '99102013010000',
    ozgId: 10160,
    title: { de: 'Hundesteuer-Befreiung beantragen', en: 'Apply for dog tax exemption' },
    summary: {
      de: 'Für Blindenführhunde, Assistenzhunde und in weiteren Fällen nach der Satzung gibt es eine Befreiung oder Ermäßigung.',
      en: 'Guide dogs, assistance dogs and other cases under the by-law can be exempt or reduced.',
    },
    keywords: 'Hundesteuer Befreiung Ermäßigung Assistenzhund Blindenhund',
    fees: [],
    documents: [{ de: 'Nachweis des Befreiungsgrunds', en: 'Proof of the reason for exemption' }],
    processingDays: 14,
    legalBasis: 'Hundesteuersatzung der Stadt oder Gemeinde',
    channels: ['in_person', 'email'],
  },
  // ——— Municipal: Sozialamt ———
  {
    slug: 'wohngeld',
    level: 'gemeinde',
    unit: 'sozialamt',
    leikaKey: '99107023017000',
    ozgId: 10092,
    title: { de: 'Wohngeld beantragen', en: 'Apply for housing benefit' },
    summary: {
      de: 'Wohngeld ist ein Zuschuss zur Miete oder zu den Kosten für selbst genutztes Wohneigentum.',
      en: 'Housing benefit is a subsidy towards rent or the costs of owner-occupied housing.',
    },
    easyLanguage: 'Sie haben wenig Geld? Und die Miete ist teuer? Dann bekommen Sie vielleicht Wohn-Geld.',
    keywords: 'Wohngeld Mietzuschuss Lastenzuschuss Miete Zuschuss',
    fees: [],
    documents: [
      ID_DOC,
      { de: 'Mietvertrag und Mietbescheinigung', en: 'Rental contract and rent certificate' },
      {
        de: 'Einkommensnachweise aller Haushaltsmitglieder',
        en: 'Income documents of all household members',
      },
    ],
    processingDays: 60,
    legalBasis: 'Wohngeldgesetz (WoGG) §§ 22 ff.',
    channels: ['in_person', 'email'],
  },
  {
    slug: 'grundsicherung',
    level: 'gemeinde',
    unit: 'sozialamt',
    leikaKey: null,
    ozgId: null,
    themenfeld: 'Arbeit & Ruhestand',
    lebenslagen: ['Finanzielle Existenzsicherung/Unterstützung bei finanziellen Problemen'],
    title: {
      de: 'Grundsicherung im Alter und bei Erwerbsminderung',
      en: 'Basic income support in old age and reduced earning capacity',
    },
    summary: {
      de: 'Menschen im Rentenalter oder mit dauerhaft voller Erwerbsminderung erhalten Grundsicherung, wenn ihr Einkommen nicht reicht.',
      en: 'People of pension age or with permanently reduced earning capacity receive basic support if their income is not enough.',
    },
    keywords: 'Grundsicherung Rente Sozialhilfe SGB XII',
    fees: [],
    documents: [
      ID_DOC,
      { de: 'Rentenbescheid', en: 'Pension notice' },
      { de: 'Kontoauszüge', en: 'Bank statements' },
    ],
    processingDays: 30,
    legalBasis: '§§ 41 ff. Sozialgesetzbuch XII (SGB XII)',
    channels: ['in_person', 'email'],
  },
  {
    slug: 'kita-platz',
    level: 'gemeinde',
    unit: 'jugendamt',
    overrides: KITA_BY_KREIS,
    leikaKey: '99107007149000',
    ozgId: 10019,
    title: {
      de: 'Kita-Platz: Beitragsermäßigung und Geschwisterbefreiung',
      en: 'Day care: fee reduction and sibling exemption',
    },
    summary: {
      de: 'Geschwisterkinder und Familien mit geringem Einkommen können eine Ermäßigung der Elternbeiträge beantragen.',
      en: 'Siblings and low-income families can apply for reduced day-care fees.',
    },
    keywords: 'Kita Ermäßigung Geschwisterkind Beitragsbefreiung Kindergarten',
    fees: [],
    documents: [{ de: 'Einkommensnachweise', en: 'Proof of income' }],
    processingDays: 30,
    legalBasis: '§ 90 Abs. 3, 4 SGB VIII; Elternbeitragssatzung',
    channels: ['in_person', 'email'],
  },
  // ——— Municipal: Bauamt ———
  {
    slug: 'abbruchgenehmigung',
    level: 'gemeinde',
    unit: 'bauamt',
    overrides: { rommerskirchen: { tenant: 'kreis', unit: 'bauaufsicht' } },
    leikaKey: '99012001001000',
    ozgId: 10513,
    title: { de: 'Abbruch eines Gebäudes anzeigen oder genehmigen lassen', en: 'Demolition of a building' },
    summary: {
      de: 'Der Abbruch größerer Gebäude muss der Bauaufsicht angezeigt oder genehmigt werden.',
      en: 'Demolishing larger buildings must be notified to or approved by building control.',
    },
    keywords: 'Abriss Abbruch Rückbau Gebäude',
    fees: [
      {
        label: { de: 'Abbruchgenehmigung', en: 'Demolition permit' },
        amount: 'nach Aufwand',
        legalBasis: 'AVerwGebO NRW, Tarifstelle 2',
      },
    ],
    documents: [{ de: 'Lageplan und Beschreibung', en: 'Site plan and description' }],
    processingDays: 30,
    legalBasis: '§ 62 Abs. 3 Bauordnung NRW (BauO NRW 2018)',
    channels: ['in_person', 'email'],
  },
  {
    slug: 'bauvoranfrage',
    level: 'gemeinde',
    unit: 'bauamt',
    overrides: { rommerskirchen: { tenant: 'kreis', unit: 'bauaufsicht' } },
    leikaKey: '99012010001000',
    ozgId: 10519,
    title: { de: 'Bauvoranfrage (Vorbescheid) stellen', en: 'Request a preliminary building decision' },
    summary: {
      de: 'Mit dem Vorbescheid klären Sie einzelne Fragen eines Bauvorhabens, bevor Sie den Bauantrag stellen.',
      en: 'A preliminary decision settles single questions of a project before the full application.',
    },
    keywords: 'Bauvoranfrage Vorbescheid Bauen Grundstück bebaubar',
    fees: [
      {
        label: { de: 'Vorbescheid', en: 'Preliminary decision' },
        amount: 'nach Aufwand',
        legalBasis: 'AVerwGebO NRW, Tarifstelle 2',
      },
    ],
    documents: [{ de: 'Lageplan, Fragestellung, Skizzen', en: 'Site plan, questions, sketches' }],
    processingDays: 60,
    legalBasis: '§ 77 Bauordnung NRW (BauO NRW 2018)',
    channels: ['in_person', 'email'],
  },
];
