// The box that tells about a bar on hover, tap or focus: the term's headline (its
// holder, party and area, and its dates as the source gives them), the office's number
// for its holder, its seat, and what its dates can denote.

import { longDate } from './dates';
import { describe, numberNote, precisionNote, seatNote, type Term } from './describe';

export class Tooltip {
  constructor(
    /** The chart's box: the tooltip is placed relative to it. */
    private readonly box: HTMLElement,
    private readonly tip: HTMLElement,
    private readonly asOf: string,
  ) {}

  /** Shows what the chart knows of `term` (of the office named `office`) by the pointer, or below `bar`. */
  show(term: Term, office: string, bar: SVGGElement, event?: PointerEvent | MouseEvent): void {
    const tip = this.tip;
    const lines = [
      numberNote(term, office),
      seatNote(term),
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

  /** Hides the box. */
  hide(): void {
    this.tip.hidden = true;
  }
}
