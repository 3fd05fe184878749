/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** How terms whose dates are only partly known are matched against a day or a range. */
export type DateMatch =
  /**
   * The term surely covered at least one day of the range. An ongoing term is certain
   * only up to the dataset's `asOf` day.
   */
  | 'CERTAINLY'
  /** The term may have covered at least one day of the range, given its dates' precision. */
  | 'POSSIBLY';

/** How precisely a date is known. */
export type DatePrecision =
  /** The exact day is known: 31 December 2004. */
  | 'DAY'
  /** The year and month are known: March 1971. */
  | 'MONTH'
  /** Only the year is known: 1971. */
  | 'YEAR';

export type MatchingTermsQueryVariables = Exact<{
  from?: string | null | undefined;
  to?: string | null | undefined;
  match: DateMatch;
}>;


export type MatchingTermsQuery = { office: { terms: { nodes: Array<{ id: string }> } } | null };

export type TimelineQueryVariables = Exact<{ [key: string]: never; }>;


export type TimelineQuery = { dataset: { asOf: string }, office: { name: string, terms: { nodes: Array<{ id: string, ordinal: number, isCurrent: boolean, start: { iso: string, precision: DatePrecision, earliest: string, latest: string, text: string }, end: { iso: string, precision: DatePrecision, earliest: string, latest: string, text: string } | null, secretary: { name: string, country: { code: string, name: string } | null } }> } } | null };
