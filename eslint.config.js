import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist', 'node_modules', 'test-results', 'playwright-report']),
  {
    files: ['**/*.{js,mjs,cjs,ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
  },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
  },
  {
    // Nothing unsafe in the page (issue 7): no code from strings, no HTML from data. The built
    // site's Content-Security-Policy refuses these too; the rules catch them before a build.
    files: ['app/**/*.{ts,tsx}'],
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Show data as text: React escapes it.',
        },
        {
          selector:
            'AssignmentExpression > MemberExpression.left[property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Show data as text (textContent), never as HTML.',
        },
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: 'Show data as text, never as HTML.',
        },
      ],
    },
  },
  {
    // The layers under the UI (broker, transport, clients, store, timeline, scenario, worker,
    // host) never reach up into it: what both need lives below the UI (app/format, ...).
    files: ['app/**/*.{ts,tsx}'],
    ignores: ['app/ui/**', 'app/main.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ regex: '(^|/)ui(/|$)', message: 'Lower layers do not import from app/ui.' }],
        },
      ],
    },
  },
);
