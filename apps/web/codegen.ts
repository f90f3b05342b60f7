import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Types for the web's GraphQL documents, generated from the API's committed SDL
 * (`npm run generate:web-types`; scripts/test.mjs fails when lib/gql/ is stale).
 *
 * Documents are the `graphql()` calls in app/, components/ and lib/: operations beside the pages
 * that send them, fragments beside the components that render them (read with useFragment).
 * documentMode 'string' makes each document a TypedDocumentString, so graphqlRequest infers
 * result and variables types from it without shipping a parsed AST to the browser.
 */
const config: CodegenConfig = {
  schema: '../api/schema.graphql',
  documents: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'lib/**/*.{ts,tsx}', '!lib/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'lib/gql/': {
      preset: 'client',
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
        strictScalars: true,
      },
    },
  },
  hooks: { afterAllFileWrite: ['prettier --write'] },
};

export default config;
