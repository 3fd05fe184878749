// The timeline app: lists the offices in a picker, loads the terms of the chosen office
// (or of every office, on one axis), draws them (an office of many seats one row per
// member), and re-queries `terms(during:, match:)` whenever the date range or the
// POSSIBLY/CERTAINLY switch changes, to highlight the terms that match.
//
// The chosen office is in the page's URL, `?office=<slug>` or `?office=all`, so a view
// can be linked to; without it the page shows the OIC's office (or, in a dataset
// without it, the first office).
//
// The page's state is on <body>: data-state is loading, ready or error, data-office
// names the view drawn ("nato-secretary-general", "all"), and data-applied names the
// range whose matches are shown ("2014-01-01..2016-12-31 POSSIBLY").

import { ApiError, apiUrl, request } from './api';
import { TimelineChart, type Range, type TermGroup } from './chart';
import { longDate } from './dates';
import { OfficesDocument, type DateMatch, type OfficesQuery } from './generated/graphql';
import { loadOffice, matchingIds } from './load';

const DEFAULT_OFFICE = 'oic-secretary-general';
/** The picker's value (and `?office=`) for every office on one axis. */
const ALL = 'all';

type Office = OfficesQuery['offices'][number];

/** What the page draws: the chosen view, its groups of terms and their chart. */
type View = { choice: string; groups: TermGroup[]; chart: TimelineChart };

function byId<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

const api = apiUrl();
const ui = {
  officeName: byId('office-name'),
  summary: byId('summary'),
  graphiql: byId<HTMLAnchorElement>('graphiql-link'),
  office: byId<HTMLSelectElement>('office'),
  form: byId<HTMLFormElement>('controls'),
  from: byId<HTMLInputElement>('from'),
  to: byId<HTMLInputElement>('to'),
  count: byId('count'),
  error: byId('error'),
  chart: byId('chart'),
  tooltip: byId('tooltip'),
};

function setState(state: 'loading' | 'ready' | 'error'): void {
  document.body.dataset.state = state;
}

function showError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  ui.error.textContent =
    error instanceof ApiError && error.codes.length > 0
      ? `The API answered: ${message}`
      : message;
  ui.error.hidden = false;
  setState('error');
}

function clearError(): void {
  ui.error.hidden = true;
  ui.error.textContent = '';
}

function currentMatch(): DateMatch {
  const checked = ui.form.querySelector<HTMLInputElement>('input[name="match"]:checked');
  return checked?.value === 'CERTAINLY' ? 'CERTAINLY' : 'POSSIBLY';
}

/**
 * The view the URL asks for: `?office=`, else the OIC's office, or the first office of
 * a dataset without it (one imported from a Popolo file: a legislature).
 */
function choiceInUrl(offices: readonly Office[]): string {
  const asked = new URLSearchParams(window.location.search).get('office');
  if (asked) return asked;
  if (offices.some((office) => office.slug === DEFAULT_OFFICE)) return DEFAULT_OFFICE;
  return offices[0]?.slug ?? DEFAULT_OFFICE;
}

/** Puts the chosen view in the URL, keeping its other parameters (`?api=`). */
function putChoiceInUrl(choice: string): void {
  const url = new URL(window.location.href);
  url.searchParams.set('office', choice);
  history.replaceState(history.state, '', url);
}

/** Fills the picker: every office by name, then "All offices", and a placeholder. */
function fillPicker(offices: readonly Office[]): HTMLOptionElement {
  const placeholder = new Option('Choose an office…', '');
  placeholder.disabled = true;
  placeholder.hidden = true;
  ui.office.replaceChildren(
    placeholder,
    ...offices.map((office) => new Option(office.name, office.slug)),
    new Option('All offices', ALL),
  );
  return placeholder;
}

async function main(): Promise<void> {
  // GraphiQL is served at / by the same server as the API.
  ui.graphiql.href = new URL('/', api).href;

  let offices: readonly Office[];
  let asOf: string;
  try {
    const data = await request(api, OfficesDocument, {});
    offices = data.offices;
    asOf = data.dataset.asOf;
  } catch (error) {
    ui.summary.textContent = 'The offices could not be loaded.';
    showError(error);
    return;
  }
  const placeholder = fillPicker(offices);

  let view: View | null = null;
  let loading: AbortController | null = null;
  let inFlight: AbortController | null = null;
  new ResizeObserver(() => view?.chart.draw(ui.chart.clientWidth)).observe(ui.chart);

  /** Loads and draws the terms of one office, or of all of them, then their matches. */
  async function show(choice: string): Promise<void> {
    loading?.abort();
    inFlight?.abort();
    const controller = new AbortController();
    loading = controller;
    view = null;
    delete document.body.dataset.office;
    delete document.body.dataset.applied;
    clearError();
    ui.chart.replaceChildren();
    ui.tooltip.hidden = true;
    ui.count.textContent = '\u00a0';

    const chosen = choice === ALL ? offices : offices.filter((office) => office.slug === choice);
    if (chosen.length === 0) {
      placeholder.selected = true;
      ui.officeName.textContent = 'Secretaries-General';
      ui.summary.textContent = `Choose one of the ${offices.length} offices.`;
      showError(new Error(`There is no office “${choice}” in this dataset: choose one from the list.`));
      return;
    }
    ui.office.value = choice;
    const title = choice === ALL ? 'All offices' : chosen[0].name;
    ui.officeName.textContent = title;
    document.title = `Timeline · ${title} · tenure`;
    ui.summary.textContent = 'Loading the terms…';
    setState('loading');

    let groups: TermGroup[];
    try {
      groups = await Promise.all(chosen.map(({ slug }) => loadOffice(api, slug, controller.signal)));
    } catch (error) {
      if (controller.signal.aborted) return;
      ui.summary.textContent = 'The terms could not be loaded.';
      showError(error);
      return;
    }
    if (controller !== loading) return;

    const terms = groups.flatMap((group) => group.terms);
    // One office of many seats is drawn by member; "All offices" stays one row per term.
    const byMember = choice !== ALL && groups.length === 1 && groups[0].seats > 1;
    const chart = new TimelineChart(ui.chart, ui.tooltip, groups, asOf, byMember);
    if (terms.length === 0) {
      ui.summary.textContent = 'No terms.';
    } else {
      const first = terms.reduce((a, b) => (a.start.earliest <= b.start.earliest ? a : b));
      const current = terms.some((t) => !t.end);
      const last = terms.reduce((a, b) => ((a.end?.latest ?? '') >= (b.end?.latest ?? '') ? a : b));
      const across = groups.length > 1 ? ` of ${groups.length} offices` : '';
      // An office of many seats: its members, its seats, and how the rows are grouped.
      const members = chart.members === null ? '' : ` by ${chart.members} members (${groups[0].seats} seats)`;
      const grouped = chart.grouping === 'party' || chart.grouping === 'area' ? ` · grouped by ${chart.grouping}` : '';
      const span = `${first.start.text} – ${current ? 'present' : last.end?.text}`;
      ui.summary.textContent = `${terms.length} terms${across}${members}, ${span}${grouped} · data as of ${longDate(asOf)}`;
    }
    chart.draw(ui.chart.clientWidth);
    view = { choice, groups, chart };
    document.body.dataset.office = choice;
    await refresh();
  }

  // Each change of the controls asks the API again, once per office drawn; only the
  // latest answer is shown.
  let timer: number | undefined;
  async function refresh(): Promise<void> {
    const shown = view;
    if (!shown) return;
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const range: Range = { from: ui.from.value || null, to: ui.to.value || null };
    const match = currentMatch();
    const total = shown.groups.reduce((sum, group) => sum + group.terms.length, 0);
    setState('loading');
    ui.count.textContent = 'Asking the API…';
    try {
      const answers = await Promise.all(
        shown.groups.map(({ office }) =>
          matchingIds(api, { office, from: range.from, to: range.to, match }, controller.signal),
        ),
      );
      if (controller !== inFlight) return;
      const ids = new Set(answers.flat());
      shown.chart.highlight(ids, range);
      clearError();
      const verb = match === 'CERTAINLY' ? 'certainly' : 'possibly';
      ui.count.textContent = `${ids.size} of ${total} terms match (${verb} served in the range)`;
      document.body.dataset.applied = `${range.from ?? ''}..${range.to ?? ''} ${match}`;
      setState('ready');
    } catch (error) {
      if (controller !== inFlight || controller.signal.aborted) return;
      shown.chart.highlight(null, null);
      ui.count.textContent = 'No matches shown.';
      delete document.body.dataset.applied;
      showError(error);
    }
  }
  const schedule = (event: Event) => {
    if (event.target === ui.office) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void refresh(), 150);
  };
  ui.form.addEventListener('input', schedule);
  ui.form.addEventListener('change', schedule);
  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void refresh();
  });
  ui.office.addEventListener('change', () => {
    putChoiceInUrl(ui.office.value);
    void show(ui.office.value);
  });
  await show(choiceInUrl(offices));
}

void main();
