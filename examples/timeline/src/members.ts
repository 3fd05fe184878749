// An office of many seats (a legislature) drawn by member: one row per person, their
// terms side by side on it, the rows grouped under a heading by party, or by area when
// party does not tell the members apart. The rule, as examples/timeline/README.md gives it:
//
// - Group by party when the terms name at least two parties; otherwise (every term of
//   one party, or none names one: Tuvalu's members are all Independent) by area, when
//   some term names one; otherwise in one group without a heading.
// - A member goes under the party (or area) of their latest term that names one (so
//   a member who changed party is found where they sat last); members whose terms
//   name none go last, under "No party given" ("No area given").
// - Parties come largest first (most members), then by name; areas by name.
// - Within a group, members come by the start of their first term (start.earliest),
//   then by name.
//
// A row's detail line names what its heading does not: the member's areas and the
// other parties they sat for (grouped by party), or the other areas they represented
// (grouped by area).

import type { Term } from './describe';

/** One person's terms of the office: a row of the chart. */
export type Member = {
  /** The person's slug: one row per slug. */
  slug: string;
  name: string;
  /** Their terms of the office, by start. */
  terms: Term[];
  /** What the row says under the name, e.g. "Sandy Hill · also Independent" ('' for nothing). */
  detail: string;
};

/** The members under one heading. */
export type MemberGroup = { heading: string; members: Member[] };

/** What the groups are: by party, by area, or one group without a heading ("none"). */
export type Grouping = 'party' | 'area' | 'none';

type Key = (term: Term) => string | undefined;
const partyOf: Key = (term) => term.party?.name;
const areaOf: Key = (term) => term.area?.name;

const byStart = (a: Term, b: Term) =>
  a.start.earliest < b.start.earliest ? -1 : a.start.earliest > b.start.earliest ? 1 : a.ordinal - b.ordinal;

/** The distinct values of `key` over `terms`, in order of first appearance. */
function distinct(terms: readonly Term[], key: Key): string[] {
  return [...new Set(terms.map(key).filter((value): value is string => value !== undefined))];
}

/** How the rule above groups the members who held these terms. */
function grouping(terms: readonly Term[]): Grouping {
  if (distinct(terms, partyOf).length >= 2) return 'party';
  return distinct(terms, areaOf).length > 0 ? 'area' : 'none';
}

/** The members who held `terms`, grouped and ordered by the rule above. */
export function groupMembers(terms: readonly Term[]): { by: Grouping; groups: MemberGroup[] } {
  const by = grouping(terms);
  const people = new Map<string, Term[]>();
  for (const term of [...terms].sort(byStart)) {
    const own = people.get(term.secretary.slug);
    if (own) own.push(term);
    else people.set(term.secretary.slug, [term]);
  }

  const key = by === 'party' ? partyOf : areaOf;
  const none = by === 'party' ? 'No party given' : 'No area given';
  const groups = new Map<string, Member[]>();
  for (const [slug, own] of people) {
    const heading = by === 'none' ? '' : ([...own].reverse().map(key).find(Boolean) ?? none);
    const member = { slug, name: own[0].secretary.name, terms: own, detail: detail(own, by, heading) };
    const members = groups.get(heading);
    if (members) members.push(member);
    else groups.set(heading, [member]);
  }

  const firstStart = (member: Member) => member.terms[0].start.earliest;
  const ordered = [...groups].map(([heading, members]) => ({
    heading,
    members: members.sort((a, b) =>
      firstStart(a) !== firstStart(b) ? (firstStart(a) < firstStart(b) ? -1 : 1) : a.name.localeCompare(b.name),
    ),
  }));
  ordered.sort((a, b) => {
    if ((a.heading === none) !== (b.heading === none)) return a.heading === none ? 1 : -1;
    if (by === 'party' && a.members.length !== b.members.length) return b.members.length - a.members.length;
    return a.heading.localeCompare(b.heading);
  });
  return { by, groups: ordered };
}

/** The detail line of a member's row under `heading`. */
function detail(terms: readonly Term[], by: Grouping, heading: string): string {
  const areas = distinct(terms, areaOf);
  const parties = distinct(terms, partyOf);
  if (by === 'party') {
    const others = parties.filter((party) => party !== heading);
    return [areas.join(', '), others.length > 0 ? `also ${others.join(', ')}` : '']
      .filter(Boolean)
      .join(' · ');
  }
  if (by === 'area') {
    const others = areas.filter((area) => area !== heading);
    return others.length > 0 ? `also ${others.join(', ')}` : '';
  }
  return '';
}
