// esbuild inlines each .graphql file as its text (see scripts/build.mjs).
declare module '*.graphql' {
  const document: string;
  export default document;
}
