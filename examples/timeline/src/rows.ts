// The rows of the chart and how one is drawn. By term, a row is one term: its ordinal,
// its holder's name and country, its bar. By member (an office of many seats), a row is
// one person: their name, the detail members.ts gives it, and each of their terms as a
// bar, the terms that overlap (a year-precision end and the next start of that year)
// on separate lanes of the row so that each stays a bar of its own.

import { barDays, barSpan, drawBar, el } from './bars';
import type { Term } from './describe';
import { groupMembers, type Grouping } from './members';

/** The terms of one office: a group of rows, under its name when the chart has several. */
export type TermGroup = {
  /** The office's slug (each row's data-office). */
  office: string;
  /** The office's name, e.g. Secretary General of NATO. */
  name: string;
  /** How many hold the office at once: above 1, a lone office is drawn by member. */
  seats: number;
  terms: readonly Term[];
};

/** One row: a term (with its ordinal), or a member and their terms. */
export type Row = {
  terms: readonly Term[];
  name: string;
  detail: string;
  /** The term's ordinal, shown left of its name; null for a member's row. */
  ordinal: number | null;
  /** The member's slug (data-member), for a member's row. */
  member?: string;
  /** The party or area the member's row is under (data-group). */
  group?: string;
};

/** Rows under one heading (or none). */
export type Section = {
  group: TermGroup;
  /** The office's name, or the party or area; null for no heading. */
  heading: string | null;
  /** Beside the heading, e.g. "9 members". */
  note: string;
  rows: Row[];
};

/** One row per term, a section per office, headed by its name when there are several. */
export function termSections(groups: readonly TermGroup[]): Section[] {
  return groups.map((group) => ({
    group,
    heading: groups.length > 1 ? group.name : null,
    note: '',
    rows: group.terms.map((term) => ({
      terms: [term],
      name: term.secretary.name,
      detail: [term.secretary.country?.name, term.acting ? 'acting' : undefined].filter(Boolean).join(' · '),
      ordinal: term.ordinal,
    })),
  }));
}

/** One row per member of the office, a section per party or area (members.ts). */
export function memberSections(group: TermGroup): { sections: Section[]; by: Grouping; members: number } {
  const { by, groups } = groupMembers(group.terms);
  const sections = groups.map(({ heading, members }) => ({
    group,
    heading: by === 'none' ? null : heading,
    note: `${members.length} ${members.length === 1 ? 'member' : 'members'}`,
    rows: members.map((member) => ({
      terms: member.terms,
      name: member.name,
      detail: member.detail,
      ordinal: null,
      member: member.slug,
      group: by === 'none' ? undefined : heading,
    })),
  }));
  return { sections, by, members: groups.reduce((sum, g) => sum + g.members.length, 0) };
}

/** `text` cut to `max` characters, ending in an ellipsis when cut. */
function fit(text: string, max: number): string {
  return text.length <= Math.max(max, 2) ? text : `${text.slice(0, Math.max(max, 2) - 1).trimEnd()}…`;
}

/** The lane of each of `terms` (by start): the first whose last bar ends before it starts. */
function lanes(terms: readonly Term[], asOf: string): { lane: number[]; count: number } {
  const ends: number[] = [];
  const lane = terms.map((term) => {
    const { start, end } = barDays(term, asOf);
    let i = ends.findIndex((last) => last <= start);
    if (i < 0) i = ends.push(end) - 1;
    ends[i] = end;
    return i;
  });
  return { lane, count: Math.max(1, ends.length) };
}

/** Where a row goes and how the chart is laid out. */
export type RowPlace = {
  x: (day: number) => number;
  asOf: string;
  /** The row's top. */
  y0: number;
  rowHeight: number;
  /** The height of a bar alone on its row (lanes share the row). */
  barHeight: number;
  /** Names above the bars (a phone) rather than left of them. */
  narrow: boolean;
  width: number;
  labelWidth: number;
  /** The number of the row's first bar in the chart (for unique gradient ids). */
  n: number;
};

/**
 * Draws `row` of `group` into `parent`: its labels and its bars; `onBar` is called with
 * each bar (to wire its tooltip). Returns the number of the chart's next bar.
 */
export function drawRow(
  parent: Element,
  group: TermGroup,
  row: Row,
  place: RowPlace,
  onBar: (bar: SVGGElement, term: Term) => void,
): number {
  const { x, asOf, y0, rowHeight, barHeight, narrow, width, labelWidth } = place;
  const member = row.ordinal === null;
  const g = el('g', member ? { class: 'term-row' } : { class: 'term-row', 'data-ordinal': String(row.ordinal) }, parent);
  if (!member) g.dataset.id = row.terms[0].id;
  g.dataset.office = group.office;
  if (member) {
    g.classList.add('member-row');
    g.dataset.member = row.member ?? '';
    if (row.group) g.dataset.group = row.group;
    // The whole row, so a hover marks it from its name to its last bar.
    el('rect', { class: 'row-ground', x: 0, y: y0, width, height: rowHeight }, g);
  }

  // Labels: the name and detail, left of the bars (wide) or above them (narrow). A
  // member's name and detail are cut to the room they have (the row's title and the
  // bars' tooltips say them whole).
  if (narrow) {
    const nameChars = row.name.length;
    const detail = member ? fit(row.detail, Math.floor((width - 12) / 6.6) - nameChars - 3) : row.detail;
    const label = el('text', { class: 'label', y: y0 + 15 }, g);
    const name = el('tspan', { class: 'name' }, label);
    name.textContent = row.name;
    if (detail) {
      const rest = el('tspan', { class: 'country' }, label);
      rest.textContent = ` · ${detail}`;
    }
    // Start a term's label where its bar starts; a bar near the right edge gets its
    // label ending where it ends. A member's bars spread over the axis: their label
    // starts at the left edge.
    const { x1, x2 } = barSpan(row.terms[0], x, asOf);
    const estimate = (nameChars + (detail ? detail.length + 3 : 0)) * 6.6;
    if (member) {
      label.setAttribute('x', '6');
    } else if (x1 + estimate <= width - 6) {
      label.setAttribute('x', String(x1));
    } else {
      label.setAttribute('x', String(Math.max(x2, Math.min(width - 6, 6 + estimate))));
      label.setAttribute('text-anchor', 'end');
    }
  } else {
    const nameX = member ? 14 : 38;
    if (!member) {
      const ordinal = el('text', { class: 'ordinal', x: 14, y: y0 + rowHeight / 2 + 4 }, g);
      ordinal.textContent = String(row.ordinal);
    }
    const name = el('text', { class: 'label name', x: nameX, y: y0 + rowHeight / 2 - 2 }, g);
    name.textContent = member ? fit(row.name, Math.floor((labelWidth - nameX) / 7.4)) : row.name;
    const detail = member ? fit(row.detail, Math.floor((labelWidth - nameX) / 6.2)) : row.detail;
    if (detail) {
      const sub = el('text', { class: 'label country', x: nameX, y: y0 + rowHeight / 2 + 12 }, g);
      sub.textContent = detail;
    }
    if (member && (detail !== row.detail || name.textContent !== row.name)) {
      el('title', {}, g).textContent = [row.name, row.detail].filter(Boolean).join(' · ');
    }
  }

  // The bars, on as many lanes as overlapping terms need: below the label (narrow) or
  // centred in the row (wide). A lone term's bar is as it always was.
  const { lane, count } = lanes(row.terms, asOf);
  const gap = 2;
  const area = narrow ? { top: y0 + 21, height: rowHeight - 25 } : { top: y0 + 4, height: rowHeight - 8 };
  const laneHeight = Math.min(barHeight, (area.height - gap * (count - 1)) / count);
  const total = count * laneHeight + gap * (count - 1);
  const barsTop = narrow ? area.top : area.top + (area.height - total) / 2;
  row.terms.forEach((term, i) => {
    const bar = drawBar(g, term, group.office, {
      x,
      asOf,
      y: barsTop + lane[i] * (laneHeight + gap),
      height: laneHeight,
      hitY: count === 1 ? y0 + 2 : y0 + (lane[i] * rowHeight) / count,
      hitHeight: count === 1 ? rowHeight - 4 : rowHeight / count,
      width,
      gradientId: `fade-${place.n + i}`,
    });
    onBar(bar, term);
  });
  return place.n + row.terms.length;
}
