// Lint: strict TypeScript rules, no default exports, and Nx module boundaries by tag:
//   type:app may use type:lib; libs never use apps; apps never import apps;
//   scope:testing only from tests; plug-ins use only the plug-in SDK;
//   a domain/ folder imports no framework.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const frameworks = ['@nestjs/*', 'typeorm', 'pg', '@nats-io/*', '@kubernetes/client-node', 'minio', 'express', 'quickjs-emscripten*'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.tools/**', '.nx/**', '.run/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.cts'],
    plugins: { '@nx': nx },
    // type imports used by decorators must stay value imports for Nest's injection metadata
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['scope:plugin-sdk'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared', 'scope:testing'] },
          ],
        },
      ],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // a file past ~300 lines is two files
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // production code must not reach the test harness
    files: ['**/src/**/*.ts'],
    ignores: [
      '**/*.spec.ts',
      '**/*.int-spec.ts',
      'libs/testing/**',
      'apps/cluster-sim/**',
      '**/bench/**',
      '**/testing/**',
      '**/e2e/**',
      '**/test-support/**',
      '**/fixtures/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@appmanager/testing', '@appmanager/kube-sim'], message: 'libs/testing and libs/kube-sim are for tests only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: frameworks, message: 'domain/ is plain TypeScript: no framework imports.' }] },
      ],
    },
  },
);
