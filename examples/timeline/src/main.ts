// The timeline app: loads every term of the office once, draws them, and re-queries
// `terms(during:, match:)` whenever the date range or the POSSIBLY/CERTAINLY switch
// changes, to highlight the terms that match.
//
// The page's state is on <body>: data-state is loading, ready or error, and
// data-applied names the range whose matches are shown ("2014-01-01..2016-12-31 POSSIBLY").

import { ApiError, apiUrl, request } from './api';
import { TimelineChart, type Range } from './chart';
import { longDate } from './dates';
import {
  MatchingTermsDocument,
  TimelineDocument,
  type DateMatch,
  type TimelineQuery,
} from './generated/graphql';

const OFFICE = 'oic-secretary-general';

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

async function main(): Promise<void> {
  // GraphiQL is served at / by the same server as the API.
  ui.graphiql.href = new URL('/', api).href;

  let data: TimelineQuery;
  try {
    data = await request(api, TimelineDocument, {});
  } catch (error) {
    ui.summary.textContent = 'The terms could not be loaded.';
    showError(error);
    return;
  }
  const office = data.office;
  if (!office) {
    ui.summary.textContent = 'The terms could not be loaded.';
    showError(new Error(`The API has no office with the slug ${OFFICE}.`));
    return;
  }
  const terms = office.terms.nodes;
  const asOf = data.dataset.asOf;
  ui.officeName.textContent = office.name;
  const first = terms[0];
  const last = terms[terms.length - 1];
  ui.summary.textContent =
    terms.length === 0
      ? 'No terms.'
      : `${terms.length} terms, ${first.start.text} – ${last.end ? last.end.text : 'present'} · data as of ${longDate(asOf)}`;

  const chart = new TimelineChart(ui.chart, ui.tooltip, terms, asOf);
  chart.draw(ui.chart.clientWidth);
  new ResizeObserver(() => chart.draw(ui.chart.clientWidth)).observe(ui.chart);

  // Each change of the controls asks the API again; only the latest answer is shown.
  let inFlight: AbortController | null = null;
  let timer: number | undefined;
  async function refresh(): Promise<void> {
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const range: Range = { from: ui.from.value || null, to: ui.to.value || null };
    const match = currentMatch();
    setState('loading');
    ui.count.textContent = 'Asking the API…';
    try {
      const answer = await request(
        api,
        MatchingTermsDocument,
        { from: range.from, to: range.to, match },
        controller.signal,
      );
      if (controller !== inFlight) return;
      const ids = new Set((answer.office?.terms.nodes ?? []).map((t) => t.id));
      chart.highlight(ids, range);
      clearError();
      const verb = match === 'CERTAINLY' ? 'certainly' : 'possibly';
      ui.count.textContent = `${ids.size} of ${terms.length} terms match (${verb} served in the range)`;
      document.body.dataset.applied = `${range.from ?? ''}..${range.to ?? ''} ${match}`;
      setState('ready');
    } catch (error) {
      if (controller !== inFlight || controller.signal.aborted) return;
      chart.highlight(null, null);
      ui.count.textContent = 'No matches shown.';
      delete document.body.dataset.applied;
      showError(error);
    }
  }
  const schedule = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void refresh(), 150);
  };
  ui.form.addEventListener('input', schedule);
  ui.form.addEventListener('change', schedule);
  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void refresh();
  });
  await refresh();
}

void main();
