/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query MatchingTerms($office: String!, $from: Date, $to: Date, $match: DateMatch!, $after: String) {\n  office(slug: $office) {\n    terms(during: {from: $from, to: $to}, match: $match, first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n      }\n    }\n  }\n}": typeof types.MatchingTermsDocument,
    "query Offices {\n  dataset {\n    asOf\n  }\n  offices {\n    slug\n    name\n  }\n}": typeof types.OfficesDocument,
    "query Timeline($office: String!, $after: String) {\n  office(slug: $office) {\n    slug\n    name\n    seats\n    terms(first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        ordinal\n        acting\n        number\n        start {\n          iso\n          precision\n          earliest\n          latest\n          text\n        }\n        end {\n          iso\n          precision\n          earliest\n          latest\n          text\n        }\n        isCurrent\n        party {\n          name\n        }\n        area {\n          name\n        }\n        secretary {\n          slug\n          name\n          country {\n            code\n            name\n          }\n        }\n      }\n    }\n  }\n}": typeof types.TimelineDocument,
};
const documents: Documents = {
    "query MatchingTerms($office: String!, $from: Date, $to: Date, $match: DateMatch!, $after: String) {\n  office(slug: $office) {\n    terms(during: {from: $from, to: $to}, match: $match, first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n      }\n    }\n  }\n}": types.MatchingTermsDocument,
    "query Offices {\n  dataset {\n    asOf\n  }\n  offices {\n    slug\n    name\n  }\n}": types.OfficesDocument,
    "query Timeline($office: String!, $after: String) {\n  office(slug: $office) {\n    slug\n    name\n    seats\n    terms(first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        ordinal\n        acting\n        number\n        start {\n          iso\n          precision\n          earliest\n          latest\n          text\n        }\n        end {\n          iso\n          precision\n          earliest\n          latest\n          text\n        }\n        isCurrent\n        party {\n          name\n        }\n        area {\n          name\n        }\n        secretary {\n          slug\n          name\n          country {\n            code\n            name\n          }\n        }\n      }\n    }\n  }\n}": types.TimelineDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MatchingTerms($office: String!, $from: Date, $to: Date, $match: DateMatch!, $after: String) {\n  office(slug: $office) {\n    terms(during: {from: $from, to: $to}, match: $match, first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n      }\n    }\n  }\n}"): typeof import('./graphql').MatchingTermsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Offices {\n  dataset {\n    asOf\n  }\n  offices {\n    slug\n    name\n  }\n}"): typeof import('./graphql').OfficesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Timeline($office: String!, $after: String) {\n  office(slug: $office) {\n    slug\n    name\n    seats\n    terms(first: 100, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        ordinal\n        acting\n        number\n        start {\n          iso\n          precision\n          earliest\n          latest\n          text\n        }\n        end {\n          iso\n          precision\n          earliest\n          latest\n          text\n        }\n        isCurrent\n        party {\n          name\n        }\n        area {\n          name\n        }\n        secretary {\n          slug\n          name\n          country {\n            code\n            name\n          }\n        }\n      }\n    }\n  }\n}"): typeof import('./graphql').TimelineDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
