import jupyter from '@jupyter/eslint-plugin';
import js from '@eslint/js';
import prettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'lib',
      'coverage',
      '**/*.d.ts',
      'python_ext/**',
      'ui-tests/test-results',
      'ui-tests/playwright-report',
      '.venv'
    ]
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  jupyter.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: {
        project: [
          './tsconfig.test.json',
          './ui-tests/tsconfig.json',
          './benchmarks/ui/tsconfig.json'
        ],
        tsconfigRootDir: import.meta.dirname
      }
    },
    rules: {
      '@typescript-eslint/naming-convention': [
        'error',
        {
          selector: 'interface',
          format: ['PascalCase'],
          custom: { regex: '^I[A-Z]', match: true }
        }
      ],
      '@typescript-eslint/no-unused-vars': ['warn', { args: 'none' }],
      '@typescript-eslint/no-namespace': 'off',
      curly: ['error', 'all'],
      eqeqeq: 'error',
      'prefer-arrow-callback': 'error',
      'no-console': ['error', { allow: ['error', 'warn'] }]
    }
  },
  {
    // Generated from the JSON Schemas: the names are the schemas' titles.
    files: ['src/schema.ts'],
    rules: { '@typescript-eslint/naming-convention': 'off' }
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: globals.node }
  },
  {
    // Tool configuration files are CommonJS modules run by Node.
    files: [
      '*.config.js',
      'ui-tests/*.config.js',
      'benchmarks/ui/*.config.js',
      'style/index.js'
    ],
    languageOptions: { globals: globals.node, sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  prettierRecommended
);
