// Lint: typescript-eslint's recommended rules over the TypeScript, the browser globals
// for the dashboard's plain ES modules. Run by `npm run lint` (and in CI).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'screenshots/', 'drizzle/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `_name` marks a value taken apart on purpose (e.g. dropping a field with a rest).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      'no-restricted-syntax': [
        'error',
        {
          // zod-to-openapi 9.1 documents z.literal([a, b]) as enum [a]: the document then refuses b.
          selector: "CallExpression[callee.object.name='z'][callee.property.name='literal'] > ArrayExpression",
          message: 'Use z.union([z.literal(a), z.literal(b)]): zod-to-openapi documents a multi-value literal as its first value only.',
        },
      ],
    },
  },
  {
    // Benchmarks and scripts report on the terminal.
    files: ['bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['src/web/**/*.js', 'src/http/docs-init.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['*.js', '*.cjs', 'test/**/*.mjs', 'scripts/**/*.mjs', 'src/workers/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
