/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
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
  office: string;
  from?: string | null | undefined;
  to?: string | null | undefined;
  match: DateMatch;
  after?: string | null | undefined;
}>;


export type MatchingTermsQuery = { office: { terms: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string }> } } | null };

export type OfficesQueryVariables = Exact<{ [key: string]: never; }>;


export type OfficesQuery = { dataset: { asOf: string }, offices: Array<{ slug: string, name: string }> };

export type TimelineQueryVariables = Exact<{
  office: string;
  after?: string | null | undefined;
}>;


export type TimelineQuery = { office: { slug: string, name: string, seats: number, terms: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, ordinal: number, acting: boolean, number: number | null, isCurrent: boolean, start: { iso: string, precision: DatePrecision, earliest: string, latest: string, text: string }, end: { iso: string, precision: DatePrecision, earliest: string, latest: string, text: string } | null, party: { name: string } | null, area: { name: string } | null, secretary: { slug: string, name: string, country: { code: string, name: string } | null } }> } } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const MatchingTermsDocument = {"__meta__":{"hash":"sha256:2571ad81ff59580a057fb00ccdbcb1802edba250c366d9997373daddce49a5fd"}} as unknown as TypedDocumentString<MatchingTermsQuery, MatchingTermsQueryVariables>;
export const OfficesDocument = {"__meta__":{"hash":"sha256:6130677a6d55a39310641624e58f514b6560d0fb99609bd2b4c99c5964beaedf"}} as unknown as TypedDocumentString<OfficesQuery, OfficesQueryVariables>;
export const TimelineDocument = {"__meta__":{"hash":"sha256:8a724ffb31694777c28a80f4e51401fa419e13081fa0ecb732451227c96b0454"}} as unknown as TypedDocumentString<TimelineQuery, TimelineQueryVariables>;