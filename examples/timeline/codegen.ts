// GraphQL Code Generator with its client preset: TypeScript types from tenure's schema
// and the timeline app's operations, and the app's persisted documents.
// `npm run codegen` writes src/generated/ (committed):
//   graphql.ts                 every type of ../../schema.graphql, each operation's
//                              result and variables, and each operation as a typed
//                              document that holds only its hash (`__meta__.hash`):
//                              the app sends `documentId`s, never a document's text;
//   persisted-documents.json   the manifest: each document's SHA-256 (hex) -> its
//                              text, which tenure loads with --trusted-documents and
//                              `npm run build` copies into dist/;
//   gql.ts, index.ts           the preset's `graphql()` helper (unused here: the
//                              operations live in src/*.graphql).
// `npm run check-codegen` (run by CI) fails when any of them would change.
import type { CodegenConfig } from '@graphql-codegen/cli';

const scalars = { Date: 'string' };

const config: CodegenConfig = {
  schema: '../../schema.graphql',
  documents: ['src/**/*.graphql'],
  generates: {
    'src/generated/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        // The hash tenure checks: the SHA-256 of the document's text, as the GraphQL
        // over HTTP persisted-documents appendix writes it (`sha256:<hex>`).
        persistedDocuments: { mode: 'replaceDocumentWithHash', hashAlgorithm: 'sha256' },
      },
      config: { scalars, enumsAsTypes: true, useTypeImports: true, documentMode: 'string' },
    },
  },
};

export default config;
