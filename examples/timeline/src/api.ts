// A minimal GraphQL client for persisted documents: asks for an operation by its
// `documentId` (GraphQL over HTTP, "Persisted Documents"), never by its text, with a GET
// (`/graphql?documentId=sha256:...&variables=...`) that HTTP caches and CDNs can keep,
// and returns `data`, or throws an ApiError carrying the messages the API answered with.
// A request that gets no answer within REQUEST_TIMEOUT_MS fails as an ApiError too.

import type { TypedDocumentString } from './generated/graphql';

/** The API the page talks to: `?api=URL` if given, else /graphql on the page's origin. */
export function apiUrl(location: Location = window.location): string {
  const given = new URLSearchParams(location.search).get('api');
  return new URL(given || '/graphql', location.href).href;
}

/** A failure to get data: the API's GraphQL errors, an HTTP failure or no answer. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** The GraphQL error codes (`extensions.code`), when the API sent any. */
    readonly codes: string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** How long a request may wait for the API's answer (its body included). */
export const REQUEST_TIMEOUT_MS = 15_000;

type GraphQLResponse<TData> = {
  data?: TData | null;
  errors?: { message: string; extensions?: { code?: string } }[];
};

/**
 * The `documentId` of a generated document: GraphQL Code Generator's client preset
 * (`persistedDocuments`) leaves only its hash in the bundle, and writes the text to the
 * manifest that the server is given.
 */
export function documentId<TData, TVariables>(
  document: TypedDocumentString<TData, TVariables>,
): string {
  const hash = (document as { __meta__?: { hash?: unknown } }).__meta__?.hash;
  if (typeof hash !== 'string' || !hash.startsWith('sha256:')) {
    throw new Error('the document has no persisted-document hash: run `npm run codegen`');
  }
  return hash;
}

/** The GET URL of one operation: its documentId and, when there are any, its variables. */
export function operationUrl(url: string, id: string, variables: Record<string, unknown>): string {
  const target = new URL(url);
  target.searchParams.set('documentId', id);
  if (Object.keys(variables).length > 0) {
    target.searchParams.set('variables', JSON.stringify(variables));
  }
  return target.href;
}

/**
 * Runs one operation against `url`, by its documentId. `signal` cancels it (the error is
 * then the signal's, not an ApiError); it gives up after REQUEST_TIMEOUT_MS.
 */
export async function request<TData, TVariables extends Record<string, unknown>>(
  url: string,
  document: TypedDocumentString<TData, TVariables>,
  variables: TVariables,
  signal?: AbortSignal,
): Promise<TData> {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  const timedOut = () =>
    new ApiError(`The API at ${url} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s.`);
  let response: Response;
  try {
    response = await fetch(operationUrl(url, documentId(document), variables), {
      method: 'GET',
      headers: { accept: 'application/graphql-response+json, application/json' },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    if (timeout.aborted) throw timedOut();
    // The browser tells a page no more than this when the network or CORS fails.
    const origin = window.location.origin;
    const crossOrigin = new URL(url).origin !== origin;
    throw new ApiError(
      `Could not reach the API at ${url} (${String(error)}). ` +
        (crossOrigin
          ? `Either it is down or it does not allow requests from ${origin}: start it with --cors-origin ${origin}.`
          : 'Is the server running?'),
    );
  }
  let body: GraphQLResponse<TData>;
  try {
    body = (await response.json()) as GraphQLResponse<TData>;
  } catch (error) {
    if (signal?.aborted) throw error;
    if (timeout.aborted) throw timedOut();
    throw new ApiError(
      `The API at ${url} answered HTTP ${response.status} without a GraphQL response.`,
    );
  }
  if (body.errors && body.errors.length > 0) {
    throw new ApiError(
      body.errors.map((e) => e.message).join('\n'),
      body.errors.map((e) => e.extensions?.code ?? '').filter(Boolean),
    );
  }
  if (!response.ok || body.data == null) {
    throw new ApiError(`The API at ${url} answered HTTP ${response.status} with no data.`);
  }
  return body.data;
}
