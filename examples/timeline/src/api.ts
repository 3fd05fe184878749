// A minimal GraphQL client: POSTs a document and its variables as JSON and returns
// `data`, or throws an ApiError carrying the messages the API answered with.

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

type GraphQLResponse<TData> = {
  data?: TData | null;
  errors?: { message: string; extensions?: { code?: string } }[];
};

/** Runs one operation against `url`. */
export async function request<TData, TVariables extends Record<string, unknown>>(
  url: string,
  document: string,
  variables: TVariables,
  signal?: AbortSignal,
): Promise<TData> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify({ query: document, variables }),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
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
  } catch {
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
