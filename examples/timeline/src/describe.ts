// What the chart says about a term, in words: its headline (the bar's title and the
// tooltip's first line) and the tooltip's notes on its number, its seat and its dates.

import { longDate } from './dates';
import type { DatePrecision, TimelineQuery } from './generated/graphql';

/** A term as the chart draws it: the fields `src/timeline.graphql` asks for. */
export type Term = NonNullable<TimelineQuery['office']>['terms']['nodes'][number];
type PartialDate = Term['start'];

/**
 * "Hassan Tuhami (Egypt): 1974 – 1975", the dates as the source gives them; an acting
 * term says so: "Sergio Balanzino (Italy) (acting): 13 August 1994 – 17 October 1994";
 * a member's term names their party and area, where the source does:
 * "Eric REID (Anguilla National Alliance, Valley North): 1989 – 1994".
 */
export function describe(term: Term): string {
  const country = term.secretary.country ? ` (${term.secretary.country.name})` : '';
  const acting = term.acting ? ' (acting)' : '';
  const seat = [term.party?.name, term.area?.name].filter(Boolean).join(', ');
  const who = `${term.secretary.name}${country}${acting}${seat ? ` (${seat})` : ''}`;
  return `${who}: ${term.start.text} – ${term.end ? term.end.text : 'present'}`;
}

/** "For Anguilla National Alliance, representing Valley North", or null when neither is known. */
export function seatNote(term: Term): string | null {
  const party = term.party ? `For ${term.party.name}` : null;
  const area = term.area ? `${party ? 'representing' : 'Representing'} ${term.area.name}` : null;
  return party || area ? [party, area].filter(Boolean).join(', ') : null;
}

/** 1 -> 1st, 2 -> 2nd, 3 -> 3rd, 11 -> 11th, 14 -> 14th, 22 -> 22nd. */
function nth(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/** "14th Secretary General of NATO", or why an acting holder has no number. */
export function numberNote(term: Term, office: string): string | null {
  if (term.acting) return `Acting ${office}, between appointed holders (not numbered)`;
  if (term.number == null) return null;
  return `${nth(term.number)} ${office}`;
}

const PRECISION: Record<DatePrecision, string> = {
  DAY: 'day',
  MONTH: 'month',
  YEAR: 'year',
};

/** "Began 1974: known to the year, some day from 1 January 1974 to 31 December 1974". */
export function precisionNote(what: string, date: PartialDate): string {
  if (date.precision === 'DAY') return `${what} ${date.text}`;
  return `${what} ${date.text}: known to the ${PRECISION[date.precision]}, some day from ${longDate(date.earliest)} to ${longDate(date.latest)}`;
}
