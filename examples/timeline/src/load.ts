// What the timeline asks the API, page by page: an office's terms (`Timeline`) and the
// IDs of those that match a range (`MatchingTerms`). Each asks for 100 terms at a time
// (the most a page may hold) and follows `pageInfo.endCursor` until `hasNextPage` is
// false, so an office of a few hundred terms (a legislature) is drawn whole. The first
// request of each has no `after`, as before paging, so its GET stays the same.

import { request } from './api';
import type { Term } from './describe';
import {
  MatchingTermsDocument,
  TimelineDocument,
  type DateMatch,
  type MatchingTermsQuery,
  type TimelineQuery,
} from './generated/graphql';
import type { TermGroup } from './rows';

/** `{ after }` when there is a cursor to page from, else nothing. */
const from = (after: string | null) => (after ? { after } : {});

/** Every term of the office `slug`, by ordinal, with its name and number of seats. */
export async function loadOffice(api: string, slug: string, signal: AbortSignal): Promise<TermGroup> {
  const terms: Term[] = [];
  let after: string | null = null;
  for (;;) {
    const data: TimelineQuery = await request(api, TimelineDocument, { office: slug, ...from(after) }, signal);
    if (!data.office) throw new Error(`The API has no office with the slug ${slug}.`);
    const page = data.office.terms;
    terms.push(...page.nodes);
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) {
      return { office: slug, name: data.office.name, seats: data.office.seats, terms };
    }
    after = page.pageInfo.endCursor;
  }
}

/** The IDs of the terms of the office `slug` that match the range. */
export async function matchingIds(
  api: string,
  variables: { office: string; from: string | null; to: string | null; match: DateMatch },
  signal: AbortSignal,
): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const data: MatchingTermsQuery = await request(api, MatchingTermsDocument, { ...variables, ...from(after) }, signal);
    const page = data.office?.terms;
    if (!page) return ids;
    ids.push(...page.nodes.map((term) => term.id));
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return ids;
    after = page.pageInfo.endCursor;
  }
}
