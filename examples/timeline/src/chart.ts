// Draws every term of one office, or of several, as bars on one time axis, in SVG: a
// group of rows per office, headed by its name when there are several.
//
// A bar runs from the first day its start can denote (start.earliest) to the last day
// its end can denote (end.latest); an ongoing term runs to the dataset's asOf day and
// ends in an arrow. Where a date is known only to the year or month, the bar fades
// across that window: from start.earliest to start.latest it fades in, from
// end.earliest to end.latest it fades out. The SVG is drawn at the width of its box
// (viewBox = pixels), so text keeps its size on a phone; below 640 px the names move
// above the bars. An acting holder's bar is hatched (a faint bar with stripes of the
// full colour over it), and its label says so.

import { dayNumber, longDate, yearOf, yearStart } from './dates';
import { describe, numberNote, precisionNote, type Term } from './describe';

/** The terms of one office: a group of rows, under its name when the chart has several. */
export type TermGroup = {
  /** The office's slug (each row's data-office). */
  office: string;
  /** The office's name, e.g. Secretary General of NATO. */
  name: string;
  terms: readonly Term[];
};

/** A query range; a missing bound is open. */
export type Range = { from: string | null; to: string | null };

const SVG = 'http://www.w3.org/2000/svg';
/** Opacity of a bar at the far edge of an uncertain window. */
const FADED = 0.08;
const NARROW = 640;

function el<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number> = {},
  parent?: Element,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  parent?.appendChild(node);
  return node;
}

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
  private readonly terms: readonly Term[];
  private width = 0;
  private highlighted: ReadonlySet<string> | null = null;
  private range: Range | null = null;
  private x: (day: number) => number = () => 0;
  private plot = { left: 0, right: 0, top: 0, bottom: 0 };
  private band: SVGRectElement | null = null;

  constructor(
    private readonly box: HTMLElement,
    private readonly tooltip: HTMLElement,
    private readonly groups: readonly TermGroup[],
    private readonly asOf: string,
  ) {
    this.terms = groups.flatMap((group) => group.terms);
    this.svg = el('svg', { class: 'timeline', role: 'group' });
    this.svg.setAttribute('aria-label', `${this.terms.length} terms on a time axis`);
    box.replaceChildren(this.svg);
    this.svg.addEventListener('pointerleave', () => this.hideTooltip());
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.hideTooltip();
    });
    document.addEventListener('click', (event) => {
      if (!(event.target instanceof Element) || !event.target.closest('.term-bar')) {
        this.hideTooltip();
      }
    });
  }

  /** Draws the chart at `width` pixels (again, when the width changed). */
  draw(width: number): void {
    width = Math.max(280, Math.floor(width));
    if (width === this.width) return;
    this.width = width;
    this.hideTooltip();
    const narrow = width < NARROW;
    const terms = this.terms;

    const axisHeight = 28;
    const headingLine = 18;
    const rowHeight = narrow ? 42 : 38;
    const barHeight = narrow ? 14 : 16;
    const labelWidth = narrow ? 0 : Math.min(250, Math.round(width * 0.3));
    const left = narrow ? 16 : labelWidth + 16;
    const right = width - (narrow ? 14 : 22);
    const top = axisHeight;

    // Where each group's heading and rows go, top to bottom. One office needs no
    // heading (the page's title names it); a name too long for a phone takes two lines.
    const headed = this.groups.length > 1;
    const headingChars = Math.floor((width - 12) / (narrow ? 7.8 : 8.6));
    const layout: { group: TermGroup; heading: string[]; headingY: number; rowsY: number }[] = [];
    let y = top;
    for (const group of this.groups) {
      const heading = headed ? wrapWords(group.name, headingChars) : [];
      const headingY = y;
      if (heading.length > 0) y += 16 + heading.length * headingLine;
      layout.push({ group, heading, headingY, rowsY: y });
      y += group.terms.length * rowHeight;
    }
    const height = y + 6;
    this.plot = { left, right, top, bottom: height - 6 };

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
    for (const { group, rowsY } of layout) {
      group.terms.forEach((_, i) => {
        if (i % 2 === 1) {
          el('rect', { class: 'stripe', x: 0, y: rowsY + i * rowHeight, width, height: rowHeight }, rows);
        }
      });
    }
    const axis = el('g', { class: 'axis', 'aria-hidden': 'true' }, svg);
    const pxPerYear = (right - left) / ((d1 - d0) / 365.25);
    const step = pxPerYear * 5 >= 44 ? 5 : 10;
    for (let year = Math.ceil(axisStart / step) * step; yearStart(year) <= d1; year += step) {
      const at = x(yearStart(year));
      el('line', { class: 'grid', x1: at, x2: at, y1: top - 6, y2: height - 6 }, axis);
      const label = el('text', { class: 'tick', x: at, y: top - 11, 'text-anchor': 'middle' }, axis);
      label.textContent = String(year);
    }

    // The query range, behind the bars.
    this.band = el('rect', { class: 'range-band', y: top, height: height - 6 - top }, svg);

    // Each office's name above its rows, on a ground that hides the gridlines.
    const headingGroup = el('g', { class: 'headings' }, svg);
    for (const { group, heading, headingY, rowsY } of layout) {
      if (heading.length === 0) continue;
      el('rect', { class: 'heading-ground', x: 0, y: headingY + 4, width, height: rowsY - headingY - 4 }, headingGroup);
      const text = el('text', { class: 'office-heading', y: headingY + 24 }, headingGroup);
      text.dataset.office = group.office;
      heading.forEach((line, i) => {
        const span = el('tspan', { x: narrow ? 6 : 14, dy: i === 0 ? 0 : headingLine }, text);
        // The lines join into the name again in the text's textContent.
        span.textContent = i === 0 ? line : ` ${line}`;
      });
    }

    const bars = el('g', { class: 'terms' }, svg);
    let drawn = 0;
    for (const { group, rowsY } of layout) {
      group.terms.forEach((term, i) => {
        this.drawTerm(bars, group, term, drawn++, {
          y0: rowsY + i * rowHeight,
          rowHeight,
          barHeight,
          narrow,
          width,
        });
      });
    }

    this.apply();
  }

  /** One term's row: its labels and its bar, `n`th of the chart (for unique ids). */
  private drawTerm(
    parent: SVGGElement,
    group: TermGroup,
    term: Term,
    n: number,
    { y0, rowHeight, barHeight, narrow, width }: { y0: number; rowHeight: number; barHeight: number; narrow: boolean; width: number },
  ): void {
    const x = this.x;
    const row = el('g', { class: 'term-row', 'data-ordinal': term.ordinal }, parent);
    row.dataset.id = term.id;
    row.dataset.office = group.office;

    const start = dayNumber(term.start.earliest);
    const end = term.end ? dayNumber(term.end.latest) + 1 : dayNumber(this.asOf) + 1;
    const x1 = x(start);
    const x2 = Math.max(x(end), x1 + 2);
    const barY = narrow ? y0 + 21 : y0 + (rowHeight - barHeight) / 2;

    // Labels: the name and country (and "acting"), left of the bar (wide) or above it (narrow).
    const country = term.secretary.country;
    const detail = [country?.name, term.acting ? 'acting' : undefined].filter(Boolean).join(' · ');
    if (narrow) {
      const label = el('text', { class: 'label', y: y0 + 15 }, row);
      const name = el('tspan', { class: 'name' }, label);
      name.textContent = term.secretary.name;
      if (detail) {
        const rest = el('tspan', { class: 'country' }, label);
        rest.textContent = ` · ${detail}`;
      }
      // Start the label where the bar starts; a bar near the right edge gets its
      // label ending where the bar ends.
      const estimate = (term.secretary.name.length + (detail ? detail.length + 3 : 0)) * 6.6;
      if (x1 + estimate <= width - 6) {
        label.setAttribute('x', String(x1));
      } else {
        label.setAttribute('x', String(Math.max(x2, Math.min(width - 6, 6 + estimate))));
        label.setAttribute('text-anchor', 'end');
      }
    } else {
      const ordinal = el('text', { class: 'ordinal', x: 14, y: y0 + rowHeight / 2 + 4 }, row);
      ordinal.textContent = String(term.ordinal);
      const name = el('text', { class: 'label name', x: 38, y: y0 + rowHeight / 2 - 2 }, row);
      name.textContent = term.secretary.name;
      if (detail) {
        const sub = el('text', { class: 'label country', x: 38, y: y0 + rowHeight / 2 + 12 }, row);
        sub.textContent = detail;
      }
    }

    // The bar: a rectangle filled with a gradient that fades across uncertain ends.
    // The gradient lives inside the bar, so its currentColor follows the bar's color.
    const bar = el('g', { class: 'term-bar', 'data-ordinal': term.ordinal, tabindex: 0 }, row);
    bar.dataset.office = group.office;
    bar.classList.toggle('ongoing', term.isCurrent);
    bar.classList.toggle('acting', term.acting);
    bar.setAttribute('aria-label', describe(term));
    el('title', {}, bar).textContent = describe(term);
    const gradientId = `fade-${n}`;
    const gradient = el(
      'linearGradient',
      { id: gradientId, gradientUnits: 'userSpaceOnUse', x1, x2, y1: 0, y2: 0 },
      bar,
    );
    const stop = (at: number, opacity: number) =>
      el(
        'stop',
        {
          offset: Math.min(1, Math.max(0, (at - x1) / (x2 - x1))).toFixed(4),
          'stop-color': 'currentColor',
          'stop-opacity': opacity,
        },
        gradient,
      );
    if (term.start.precision === 'DAY') {
      stop(x1, 1);
    } else {
      stop(x1, FADED);
      stop(x(dayNumber(term.start.latest) + 1), 1);
    }
    if (term.end && term.end.precision !== 'DAY') {
      stop(x(dayNumber(term.end.earliest)), 1);
      stop(x2, FADED);
    } else {
      stop(x2, 1);
    }
    const shape = { x: x1, y: barY, width: x2 - x1, height: barHeight, rx: 3, fill: `url(#${gradientId})` };
    el('rect', { class: 'bar', ...shape }, bar);
    if (term.acting) {
      // Over the bar (which the stylesheet makes faint), the same bar through the stripes.
      el('rect', { class: 'hatch', ...shape, mask: 'url(#acting-mask)' }, bar);
    }
    if (term.isCurrent) {
      const tip = Math.min(x2 + 9, width - 2);
      el('path', { class: 'arrow', d: `M${x2 - 1} ${barY - 3} L${tip} ${barY + barHeight / 2} L${x2 - 1} ${barY + barHeight + 3} Z` }, bar);
    }
    // A transparent target as tall as the row, so a finger can hit a thin bar.
    const hitWidth = Math.max(x2 - x1, 20);
    el('rect', { class: 'hit', x: (x1 + x2 - hitWidth) / 2, y: y0 + 2, width: hitWidth, height: rowHeight - 4 }, bar);

    const show = (event?: PointerEvent | MouseEvent) => this.showTooltip(term, group, bar, event);
    bar.addEventListener('pointerenter', show);
    bar.addEventListener('pointermove', show);
    bar.addEventListener('click', show);
    bar.addEventListener('focus', () => show());
    bar.addEventListener('blur', () => this.hideTooltip());
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
      const on = ids !== null && ids.has(row.dataset.id ?? '');
      row.classList.toggle('highlighted', on);
      row.querySelector('.term-bar')?.classList.toggle('highlighted', on);
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

  private showTooltip(term: Term, group: TermGroup, bar: SVGGElement, event?: PointerEvent | MouseEvent): void {
    const tip = this.tooltip;
    const lines = [
      numberNote(term, group.name),
      precisionNote('Began', term.start),
      term.end
        ? precisionNote('Ended', term.end)
        : `Still in office (the data is as of ${longDate(this.asOf)})`,
    ];
    tip.replaceChildren();
    const head = document.createElement('strong');
    head.textContent = describe(term);
    tip.append(head);
    for (const line of lines) {
      if (line === null) continue;
      const p = document.createElement('span');
      p.textContent = line;
      tip.append(p);
    }
    tip.hidden = false;

    const box = this.box.getBoundingClientRect();
    let px: number;
    let py: number;
    if (event && event.clientX !== 0) {
      px = event.clientX - box.left;
      py = event.clientY - box.top;
    } else {
      const r = bar.getBoundingClientRect();
      px = r.left + r.width / 2 - box.left;
      py = r.bottom - box.top;
    }
    const tw = tip.offsetWidth;
    const left = Math.max(4, Math.min(px - tw / 2, box.width - tw - 4));
    tip.style.left = `${left}px`;
    tip.style.top = `${py + 16}px`;
  }

  private hideTooltip(): void {
    this.tooltip.hidden = true;
  }
}
