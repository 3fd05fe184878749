// Composes the supergraph of tenure and the annotations subgraph with
// @theguild/federation-composition, and fails on any composition error.
//
//   node compose.mjs                              print the supergraph
//   node compose.mjs --out supergraph.graphql     write it            (npm run compose)
//   node compose.mjs --check supergraph.graphql   fail unless the file holds exactly
//                                                 this composition    (npm run check)
//
// The subgraphs' SDL comes from the committed files (tenure's `schema.subgraph.graphql`,
// which a test keeps equal to `tenure schema --federation`, and
// `annotations/schema.graphql`); their URLs default to the services of the
// docker-compose `supergraph` profile. --tenure-sdl, --annotations-sdl, --tenure-url
// and --annotations-url change them, e.g. to compose what running subgraphs answer to
// `_service { sdl }`.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { composeServices, compositionHasErrors } from '@theguild/federation-composition';
import { parse } from 'graphql';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** Where the docker-compose `supergraph` profile serves each subgraph. */
export const COMPOSE_URLS = {
  tenure: 'http://tenure-subgraph:8080/graphql',
  annotations: 'http://annotations:4001/graphql',
};

/** The committed SDL of each subgraph. */
export const SDL_FILES = {
  tenure: here('../../schema.subgraph.graphql'),
  annotations: here('./annotations/schema.graphql'),
};

/**
 * The supergraph SDL of the subgraphs `{ name: { sdl, url } }`; throws with every
 * composition error when they do not compose.
 */
export function compose(subgraphs) {
  const result = composeServices(
    Object.entries(subgraphs).map(([name, { sdl, url }]) => ({
      name,
      url,
      typeDefs: parse(sdl),
    })),
  );
  if (compositionHasErrors(result)) {
    const errors = result.errors.map((e) => `  - ${e.message}`).join('\n');
    throw new Error(`the subgraphs do not compose:\n${errors}`);
  }
  return result.supergraphSdl;
}

function main() {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      check: { type: 'string' },
      'tenure-sdl': { type: 'string', default: SDL_FILES.tenure },
      'annotations-sdl': { type: 'string', default: SDL_FILES.annotations },
      'tenure-url': { type: 'string', default: COMPOSE_URLS.tenure },
      'annotations-url': { type: 'string', default: COMPOSE_URLS.annotations },
    },
  });
  const subgraph = (name) => ({
    sdl: readFileSync(values[`${name}-sdl`], 'utf8'),
    url: values[`${name}-url`],
  });
  const supergraph = compose({ tenure: subgraph('tenure'), annotations: subgraph('annotations') });
  if (values.check) {
    if (readFileSync(values.check, 'utf8') !== supergraph) {
      throw new Error(`${values.check} is stale: run \`npm run compose\` and review the diff`);
    }
    console.log(`${values.check} is the composition of the committed subgraphs`);
  } else if (values.out) {
    writeFileSync(values.out, supergraph);
    console.log(`wrote ${values.out}`);
  } else {
    process.stdout.write(supergraph);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`compose: ${error.message}`);
    process.exit(1);
  }
}
