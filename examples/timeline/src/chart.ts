// Draws the terms of one office, or of several, on one time axis, in SVG. Two layouts:
//
// - by term: one row per term, numbered by its ordinal, a group of rows per office
//   headed by its name when there are several (an office of one seat, and the view of
//   all offices);
// - by member: one office of many seats (a legislature), one row per person with each
//   of their terms a bar on it, the rows grouped under a heading by party or area
//   (members.ts has the rule). A long page scrolls, so the axis sits above the rows in
//   an element of its own that stays at the top of the window (sticky).
//
// rows.ts builds and draws the rows, bars.ts the bars: from start.earliest to
// end.latest, fading across uncertain windows. The SVG is drawn at the width of its box
// (viewBox = pixels), so text keeps its size on a phone; below 640 px the names move
// above the bars.

import { el } from './bars';
import { dayNumber, yearOf, yearStart } from './dates';
import type { Term } from './describe';
import type { Grouping } from './members';
import { drawRow, memberSections, termSections, type Section, type TermGroup } from './rows';
import { Tooltip } from './tooltip';

export type { TermGroup } from './rows';

/** A query range; a missing bound is open. */
export type Range = { from: string | null; to: string | null };

const NARROW = 640;

/** Splits `text` at spaces into lines of at most `max` characters (a longer word stays whole). */
function wrapWords(text: string, max: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= max) {
      lines[last] += ` ${word}`;
    } else {
      lines.push(word);
    }
  }
  return lines;
}

export class TimelineChart {
  private readonly svg: SVGSVGElement;
  /** The axis of the by-member layout, in its own sticky element; null by term. */
  private readonly axisSvg: SVGSVGElement | null = null;
  private readonly terms: readonly Term[];
  private readonly sections: Section[];
  /** How a lone office of many seats is grouped; null when drawn by term. */
  readonly grouping: Grouping | null = null;
  /** How many people the rows are, when drawn by member. */
  readonly members: number | null = null;
  private width = 0;
  private highlighted: ReadonlySet<string> | null = null;
  private range: Range | null = null;
  private x: (day: number) => number = () => 0;
  private plot = { left: 0, right: 0 };
  private band: SVGRectElement | null = null;
  private readonly tip: Tooltip;

  constructor(
    box: HTMLElement,
    tooltip: HTMLElement,
    groups: readonly TermGroup[],
    private readonly asOf: string,
    /** Draw one office of many seats by member (else by term). */
    byMember = false,
  ) {
    this.terms = groups.flatMap((group) => group.terms);
    this.tip = new Tooltip(box, tooltip, asOf);
    this.svg = el('svg', { class: 'timeline', role: 'group' });
    this.svg.setAttribute('aria-label', `${this.terms.length} terms on a time axis`);
    if (byMember && groups.length === 1) {
      const { sections, by, members } = memberSections(groups[0]);
      this.sections = sections;
      this.grouping = by;
      this.members = members;
      this.svg.dataset.grouping = by;
      this.axisSvg = el('svg', { class: 'timeline timeline-axis', 'aria-hidden': 'true' });
      const sticky = document.createElement('div');
      sticky.className = 'axis-sticky';
      sticky.append(this.axisSvg);
      box.replaceChildren(sticky, this.svg);
    } else {
      this.sections = termSections(groups);
      box.replaceChildren(this.svg);
    }
    this.svg.addEventListener('pointerleave', () => this.tip.hide());
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.tip.hide();
    });
    document.addEventListener('click', (event) => {
      if (!(event.target instanceof Element) || !event.target.closest('.term-bar')) {
        this.tip.hide();
      }
    });
  }

  /** Draws the chart at `width` pixels (again, when the width changed). */
  draw(width: number): void {
    width = Math.max(280, Math.floor(width));
    if (width === this.width) return;
    this.width = width;
    this.tip.hide();
    const narrow = width < NARROW;
    const terms = this.terms;
    const byMember = this.axisSvg !== null;

    const axisHeight = 28;
    const headingLine = 18;
    // By member, rows are denser (a legislature has hundreds of members) but keep the
    // same fonts; two lanes of bars still fit.
    const rowHeight = byMember ? (narrow ? 46 : 32) : narrow ? 42 : 38;
    const barHeight = byMember ? 14 : narrow ? 14 : 16;
    const labelWidth = narrow ? 0 : Math.min(250, Math.round(width * 0.3));
    const left = narrow ? 16 : labelWidth + 16;
    const right = width - (narrow ? 14 : 22);
    // By member the axis is drawn in its own element above the rows.
    const top = byMember ? 6 : axisHeight;

    // Where each section's heading and rows go, top to bottom. A name too long for a
    // phone takes two lines.
    const headingChars = Math.floor((width - 12) / (narrow ? 7.8 : 8.6));
    const layout: { section: Section; heading: string[]; headingY: number; rowsY: number }[] = [];
    let y = top;
    for (const section of this.sections) {
      const heading = section.heading === null ? [] : wrapWords(section.heading, headingChars);
      const headingY = y;
      if (heading.length > 0) y += 16 + heading.length * headingLine;
      layout.push({ section, heading, headingY, rowsY: y });
      y += section.rows.length * rowHeight;
    }
    const height = y + 6;
    this.plot = { left, right };

    // The axis runs from a multiple of five years before the first start to the
    // 1 January after the last day drawn.
    const firstYear = Math.min(...terms.map((t) => yearOf(t.start.earliest)));
    const lastYear = Math.max(
      yearOf(this.asOf),
      ...terms.map((t) => yearOf(t.end ? t.end.latest : t.start.latest)),
    );
    const axisStart = Math.floor(firstYear / 5) * 5;
    const d0 = yearStart(axisStart);
    const d1 = yearStart(lastYear + 1);
    const x = (day: number) => left + ((day - d0) / (d1 - d0)) * (right - left);
    this.x = x;

    const svg = this.svg;
    svg.replaceChildren();
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('width', '100%');
    svg.setAttribute('height', String(height));
    svg.classList.toggle('narrow', narrow);

    // The stripes of acting bars: a mask of white diagonal lines over the whole chart,
    // so each acting bar keeps its own colour and fading ends through it.
    const defs = el('defs', {}, svg);
    const hatch = el(
      'pattern',
      { id: 'acting-hatch', patternUnits: 'userSpaceOnUse', width: 5, height: 5, patternTransform: 'rotate(45)' },
      defs,
    );
    el('rect', { width: 2.5, height: 5, fill: '#fff' }, hatch);
    const mask = el('mask', { id: 'acting-mask', maskUnits: 'userSpaceOnUse', x: 0, y: 0, width, height }, defs);
    el('rect', { x: 0, y: 0, width, height, fill: 'url(#acting-hatch)' }, mask);

    // Row stripes, then year gridlines and labels.
    const rows = el('g', { class: 'rows' }, svg);
    for (const { section, rowsY } of layout) {
      section.rows.forEach((_, i) => {
        if (i % 2 === 1) {
          el('rect', { class: 'stripe', x: 0, y: rowsY + i * rowHeight, width, height: rowHeight }, rows);
        }
      });
    }
    const pxPerYear = (right - left) / ((d1 - d0) / 365.25);
    const step = pxPerYear * 5 >= 44 ? 5 : 10;
    const years: number[] = [];
    for (let year = Math.ceil(axisStart / step) * step; yearStart(year) <= d1; year += step) years.push(year);
    const axis = el('g', { class: 'axis', 'aria-hidden': 'true' }, svg);
    for (const year of years) {
      const at = x(yearStart(year));
      el('line', { class: 'grid', x1: at, x2: at, y1: byMember ? 0 : top - 6, y2: height - 6 }, axis);
      if (!byMember) {
        const label = el('text', { class: 'tick', x: at, y: top - 11, 'text-anchor': 'middle' }, axis);
        label.textContent = String(year);
      }
    }
    if (this.axisSvg) this.drawStickyAxis(this.axisSvg, years, { width, height: axisHeight, left, right });

    // The query range, behind the bars (by member, from the first heading's ground down).
    const bandTop = byMember && layout[0]?.heading.length ? top + 4 : top;
    this.band = el('rect', { class: 'range-band', y: bandTop, height: height - 6 - bandTop }, svg);

    // Each heading above its rows, on a ground that hides the gridlines: the office's
    // name (class office-heading), or the party's or area's (group-heading).
    const headingGroup = el('g', { class: 'headings' }, svg);
    for (const { section, heading, headingY, rowsY } of layout) {
      if (heading.length === 0) continue;
      el('rect', { class: 'heading-ground', x: 0, y: headingY + 4, width, height: rowsY - headingY - 4 }, headingGroup);
      const text = el('text', { class: byMember ? 'group-heading' : 'office-heading', y: headingY + 24 }, headingGroup);
      text.dataset.office = section.group.office;
      heading.forEach((line, i) => {
        const span = el('tspan', { x: narrow ? 6 : 14, dy: i === 0 ? 0 : headingLine }, text);
        // The lines join into the name again in the text's textContent.
        span.textContent = i === 0 ? line : ` ${line}`;
      });
      if (section.note) {
        const lastLine = heading[heading.length - 1];
        const measured = (text.lastChild as SVGTSpanElement).getComputedTextLength();
        const after = (narrow ? 6 : 14) + (measured > 0 ? measured : lastLine.length * 8.4) + 10;
        const note = el(
          'text',
          { class: 'group-note', x: after, y: headingY + 24 + (heading.length - 1) * headingLine },
          headingGroup,
        );
        note.textContent = section.note;
      }
    }

    const bars = el('g', { class: 'terms' }, svg);
    let drawn = 0;
    for (const { section, rowsY } of layout) {
      const group = section.group;
      section.rows.forEach((row, i) => {
        const y0 = rowsY + i * rowHeight;
        const place = { x, asOf: this.asOf, y0, rowHeight, barHeight, narrow, width, labelWidth, n: drawn };
        drawn = drawRow(bars, group, row, place, (bar, term) => {
          const show = (event?: PointerEvent | MouseEvent) => this.tip.show(term, group.name, bar, event);
          bar.addEventListener('pointerenter', show);
          bar.addEventListener('pointermove', show);
          bar.addEventListener('click', show);
          bar.addEventListener('focus', () => show());
          bar.addEventListener('blur', () => this.tip.hide());
        });
      });
    }

    this.apply();
  }

  /** The years of the axis and their ticks, in the element that stays at the top of the window. */
  private drawStickyAxis(
    head: SVGSVGElement,
    years: readonly number[],
    { width, height, left, right }: { width: number; height: number; left: number; right: number },
  ): void {
    head.replaceChildren();
    head.setAttribute('viewBox', `0 0 ${width} ${height}`);
    head.setAttribute('width', '100%');
    head.setAttribute('height', String(height));
    const ticks = el('g', { class: 'axis' }, head);
    for (const year of years) {
      const at = this.x(yearStart(year));
      el('line', { class: 'grid', x1: at, x2: at, y1: height - 6, y2: height }, ticks);
      const label = el('text', { class: 'tick', x: at, y: height - 11, 'text-anchor': 'middle' }, ticks);
      label.textContent = String(year);
    }
    el('line', { class: 'axis-rule', x1: left, x2: right, y1: height - 0.5, y2: height - 0.5 }, ticks);
  }

  /** Highlights the terms with these IDs and shows the range; null clears both. */
  highlight(ids: ReadonlySet<string> | null, range: Range | null): void {
    this.highlighted = ids;
    this.range = range;
    this.apply();
  }

  private apply(): void {
    const ids = this.highlighted;
    this.svg.classList.toggle('has-matches', ids !== null);
    for (const row of this.svg.querySelectorAll<SVGGElement>('.term-row')) {
      let any = false;
      for (const bar of row.querySelectorAll<SVGGElement>('.term-bar')) {
        const on = ids !== null && ids.has(bar.dataset.id ?? '');
        bar.classList.toggle('highlighted', on);
        any ||= on;
      }
      row.classList.toggle('highlighted', any);
    }
    const band = this.band;
    if (!band) return;
    const { left, right } = this.plot;
    if (!this.range) {
      band.setAttribute('width', '0');
      return;
    }
    const from = this.range.from ? this.x(dayNumber(this.range.from)) : left;
    const to = this.range.to ? this.x(dayNumber(this.range.to) + 1) : right;
    const x1 = Math.max(left, Math.min(right, from));
    const x2 = Math.max(left, Math.min(right, to));
    band.setAttribute('x', String(x1));
    // A range of a day or two still shows as a line.
    band.setAttribute('width', String(to > from ? Math.max(2, x2 - x1) : 0));
  }
}
