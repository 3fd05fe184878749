// One term's bar, in SVG: a rectangle from the first day its start can denote to the
// last day its end can denote (an ongoing term to the asOf day, ending in an arrow),
// fading across the window of a date known only to the year or month, hatched for an
// acting holder, with a transparent target around it that a finger can hit.

import { dayNumber } from './dates';
import { describe, type Term } from './describe';

const SVG = 'http://www.w3.org/2000/svg';
/** Opacity of a bar at the far edge of an uncertain window. */
const FADED = 0.08;

export function el<K extends keyof SVGElementTagNameMap>(
  name: K,
  attributes: Record<string, string | number> = {},
  parent?: Element,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  parent?.appendChild(node);
  return node;
}

/** The days a term's bar covers: [start, end), end exclusive. */
export function barDays(term: Term, asOf: string): { start: number; end: number } {
  return {
    start: dayNumber(term.start.earliest),
    end: term.end ? dayNumber(term.end.latest) + 1 : dayNumber(asOf) + 1,
  };
}

/** Where a term's bar starts and ends on the axis `x`: at least 2 px wide. */
export function barSpan(term: Term, x: (day: number) => number, asOf: string): { x1: number; x2: number } {
  const days = barDays(term, asOf);
  const x1 = x(days.start);
  return { x1, x2: Math.max(x(days.end), x1 + 2) };
}

/** Where to draw a bar: the axis, its band of the row, and its hit target. */
export type BarPlace = {
  x: (day: number) => number;
  asOf: string;
  /** Top and height of the bar. */
  y: number;
  height: number;
  /** Top and height of the transparent hit target. */
  hitY: number;
  hitHeight: number;
  /** The chart's width: an arrow stops short of it. */
  width: number;
  /** A name unique in the chart, for the bar's gradient. */
  gradientId: string;
};

/** Draws `term`'s bar into `parent` and returns it (a focusable `g.term-bar`). */
export function drawBar(parent: Element, term: Term, office: string, place: BarPlace): SVGGElement {
  const { x, y, height } = place;
  const { x1, x2 } = barSpan(term, x, place.asOf);

  const bar = el('g', { class: 'term-bar', 'data-ordinal': term.ordinal, tabindex: 0 }, parent);
  bar.dataset.office = office;
  bar.dataset.id = term.id;
  bar.classList.toggle('ongoing', term.isCurrent);
  bar.classList.toggle('acting', term.acting);
  bar.setAttribute('aria-label', describe(term));
  el('title', {}, bar).textContent = describe(term);

  // A gradient that fades across uncertain ends. It lives inside the bar, so its
  // currentColor follows the bar's color.
  const gradient = el(
    'linearGradient',
    { id: place.gradientId, gradientUnits: 'userSpaceOnUse', x1, x2, y1: 0, y2: 0 },
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
  const shape = { x: x1, y, width: x2 - x1, height, rx: 3, fill: `url(#${place.gradientId})` };
  el('rect', { class: 'bar', ...shape }, bar);
  if (term.acting) {
    // Over the bar (which the stylesheet makes faint), the same bar through the stripes.
    el('rect', { class: 'hatch', ...shape, mask: 'url(#acting-mask)' }, bar);
  }
  if (term.isCurrent) {
    const tip = Math.min(x2 + 9, place.width - 2);
    el('path', { class: 'arrow', d: `M${x2 - 1} ${y - 3} L${tip} ${y + height / 2} L${x2 - 1} ${y + height + 3} Z` }, bar);
  }
  // A transparent target as tall as the row (or its lane), so a finger can hit a thin bar.
  const hitWidth = Math.max(x2 - x1, 20);
  el('rect', { class: 'hit', x: (x1 + x2 - hitWidth) / 2, y: place.hitY, width: hitWidth, height: place.hitHeight }, bar);
  return bar;
}
