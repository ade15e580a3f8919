/**
 * A strict RFC 5545 reader for tests: every line ends in CRLF, no physical line is longer than
 * 75 octets, folded lines are unfolded, the calendar has VERSION and PRODID, every event UID,
 * DTSTAMP, DTSTART; TEXT values have only valid escapes.
 */
export interface ParsedEvent {
  [prop: string]: string | undefined;
}

export function parseIcs(text: string): { props: Record<string, string>; events: ParsedEvent[] } {
  if (!text.endsWith('\r\n')) throw new Error('must end with CRLF');
  const physical = text.slice(0, -2).split('\r\n');
  for (const l of physical) {
    if (l.includes('\n') || l.includes('\r')) throw new Error(`bare line break in ${JSON.stringify(l)}`);
    if (Buffer.byteLength(l, 'utf8') > 75) throw new Error(`line longer than 75 octets: ${l}`);
  }
  const lines: string[] = [];
  for (const l of physical) {
    if (l.startsWith(' ') || l.startsWith('\t')) {
      if (!lines.length) throw new Error('continuation without a line');
      lines[lines.length - 1] = `${lines[lines.length - 1]!}${l.slice(1)}`;
    } else lines.push(l);
  }
  if (lines[0] !== 'BEGIN:VCALENDAR' || lines.at(-1) !== 'END:VCALENDAR') throw new Error('not a VCALENDAR');
  const props: Record<string, string> = {};
  const events: ParsedEvent[] = [];
  let ev: ParsedEvent | null = null;
  for (const l of lines.slice(1, -1)) {
    const m = /^([A-Z][A-Z0-9-]*)(;[^:]*)?:(.*)$/.exec(l);
    if (!m) throw new Error(`bad content line: ${l}`);
    const [, name, , value] = m as unknown as [string, string, string, string];
    if (name === 'BEGIN' && value === 'VEVENT') {
      if (ev) throw new Error('nested VEVENT');
      ev = {};
      continue;
    }
    if (name === 'END' && value === 'VEVENT') {
      if (!ev) throw new Error('END without BEGIN');
      for (const req of ['UID', 'DTSTAMP', 'DTSTART']) if (!ev[req]) throw new Error(`event without ${req}`);
      events.push(ev);
      ev = null;
      continue;
    }
    if (['SUMMARY', 'DESCRIPTION', 'LOCATION'].includes(name)) {
      if (/\\[^\\;,nN]/.test(value.replace(/\\\\/g, ''))) throw new Error(`bad escape in ${name}`);
      if (/(^|[^\\])[;,]/.test(value.replace(/\\\\/g, ''))) throw new Error(`unescaped ; or , in ${name}`);
    }
    if (['DTSTART', 'DTEND', 'DTSTAMP'].includes(name) && !/^\d{8}T\d{6}Z$/.test(value))
      throw new Error(`bad date-time ${value}`);
    if (ev) ev[name] = value.replace(/\\n/gi, '\n').replace(/\\([;,\\])/g, '$1');
    else props[name] = value;
  }
  if (ev) throw new Error('unterminated VEVENT');
  if (props.VERSION !== '2.0' || !props.PRODID) throw new Error('VERSION 2.0 and PRODID required');
  return { props, events };
}
