/**
 * Start pages of the other modules, as the product brief names their German URLs. The home page
 * shows only those whose route is registered, so a module appears once it lands and there is
 * never a dead link. A module with another start page adds it here (ask the portal owner).
 */
export interface EntryPoint {
  href: string;
  /** i18n keys under portal.entry.<key>.title / .text */
  key: string;
}

export const ENTRY_POINTS: EntryPoint[] = [
  { href: '/leistungen', key: 'services' },
  { href: '/antraege', key: 'applications' },
  { href: '/termine', key: 'appointments' },
  { href: '/wartezeiten', key: 'queue' },
  { href: '/wunschkennzeichen', key: 'licencePlates' },
  { href: '/reitkennzeichen', key: 'ridingPlates' },
  { href: '/postfach', key: 'postbox' },
  { href: '/ratsinfo', key: 'council' },
  { href: '/daten', key: 'openData' },
  { href: '/karte', key: 'geodata' },
  { href: '/pflegefinder', key: 'careFinder' },
  { href: '/beteiligung', key: 'participation' },
  { href: '/stellen', key: 'jobs' },
  { href: '/aktuelles', key: 'news' },
  { href: '/veranstaltungen', key: 'events' },
  { href: '/shop', key: 'shop' },
  { href: '/breitband', key: 'broadband' },
  { href: '/digitalisierung', key: 'monitor' },
];
