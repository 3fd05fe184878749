// GraphQL Code Generator: TypeScript types from tenure's schema and the timeline app's
// operations. `npm run codegen` writes src/generated/ (committed):
//   schema.ts   every type of ../../schema.graphql (plugin `typescript`);
//   graphql.ts  the result and variables of each operation in src/*.graphql
//               (plugin `typescript-operations`), which src/main.ts sends.
// `npm run check-codegen` (run by CI) fails when either file would change.
import type { CodegenConfig } from '@graphql-codegen/cli';

const scalars = { Date: 'string' };

const config: CodegenConfig = {
  schema: '../../schema.graphql',
  documents: ['src/**/*.graphql'],
  generates: {
    'src/generated/schema.ts': {
      plugins: ['typescript'],
      config: { scalars, enumsAsTypes: true, useTypeImports: true },
    },
    'src/generated/graphql.ts': {
      plugins: ['typescript-operations'],
      config: { scalars, enumType: 'string-literal' },
    },
  },
};

export default config;
