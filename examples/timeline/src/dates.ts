// Calendar days as numbers, for the time axis: day 0 is 1970-01-01 (UTC, no time zones).

const MS_PER_DAY = 86_400_000;
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

/** The day number of an ISO date, YYYY-MM-DD. */
export function dayNumber(iso: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new Error(`not an ISO date: ${iso}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / MS_PER_DAY;
}

/** The day number of 1 January of `year`. */
export function yearStart(year: number): number {
  return Date.UTC(year, 0, 1) / MS_PER_DAY;
}

/** The year of an ISO date. */
export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

/** 2026-11-27 -> 27 November 2026. */
export function longDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}
