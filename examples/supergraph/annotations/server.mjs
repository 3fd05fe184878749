// The annotations subgraph: a Federation v2 subgraph in which an app keeps its own
// notes on tenure's offices and people, in memory. It extends tenure's `Office` and
// `Secretary` by their key (`slug`) and knows nothing else of them: it does not even
// check that a slug exists in tenure (the gateway asks tenure, which answers null with
// ENTITY_NOT_FOUND for a slug it does not hold).
//
// Built with GraphQL Yoga (HTTP) and @apollo/subgraph (the `_service` and `_entities`
// fields and `__resolveReference`). Usage:
//   node server.mjs                  listens on 127.0.0.1:4001 (HOST, PORT override it;
//                                    PORT=0 picks a free port, printed on startup)

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

/** Memory stays bounded: past this many annotations, the oldest are dropped. */
const MAX_ANNOTATIONS = 10_000;
const MAX_TEXT = 2000;
const MAX_PAGE = 100;

const typeDefs = parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8'));

/** Every annotation, oldest first; ids count up and are never reused. */
const annotations = [];
let written = 0;

function badInput(message) {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function annotate(about, { slug, text, author }) {
  if (text.length > MAX_TEXT) {
    throw badInput(`\`text\` has ${text.length} characters; at most ${MAX_TEXT} are kept`);
  }
  written += 1;
  const annotation = {
    id: String(written),
    text,
    author,
    createdAt: new Date().toISOString(),
    [about]: slug,
  };
  annotations.push(annotation);
  if (annotations.length > MAX_ANNOTATIONS) annotations.shift();
  return annotation;
}

const about = (kind) => (entity) => annotations.filter((a) => a[kind] === entity.slug);

const resolvers = {
  Query: {
    latestAnnotations(_, { first }) {
      if (first < 0 || first > MAX_PAGE) {
        throw badInput(`\`first\` must be between 0 and ${MAX_PAGE}, got ${first}`);
      }
      return annotations.slice(Math.max(annotations.length - first, 0)).reverse();
    },
  },
  Mutation: {
    annotateOffice: (_, args) => annotate('office', args),
    annotateSecretary: (_, args) => annotate('secretary', args),
  },
  Annotation: {
    office: (annotation) => (annotation.office ? { slug: annotation.office } : null),
    secretary: (annotation) => (annotation.secretary ? { slug: annotation.secretary } : null),
  },
  Office: {
    __resolveReference: ({ slug }) => ({ slug }),
    annotations: about('office'),
  },
  Secretary: {
    __resolveReference: ({ slug }) => ({ slug }),
    annotations: about('secretary'),
  },
};

const yoga = createYoga({
  schema: buildSubgraphSchema([{ typeDefs, resolvers }]),
  graphqlEndpoint: '/graphql',
  graphiql: false,
  landingPage: false,
  logging: 'warn',
});

const server = createServer(yoga);
server.listen(Number(process.env.PORT ?? 4001), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address();
  console.log(`annotations subgraph on http://${address}:${port}/graphql`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
