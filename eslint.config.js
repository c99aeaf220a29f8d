import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Injection sinks are banned in product code: page-derived text must never reach HTML or code.
const injectionSinks = [
  { selector: "MemberExpression[property.name='innerHTML']", message: 'innerHTML is banned: build DOM nodes or use React.' },
  { selector: "MemberExpression[property.name='outerHTML']", message: 'outerHTML is banned.' },
  { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'insertAdjacentHTML is banned.' },
  { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'dangerouslySetInnerHTML is banned.' },
  { selector: "CallExpression[callee.name='eval']", message: 'eval is banned.' },
  { selector: "NewExpression[callee.name='Function']", message: 'new Function is banned.' },
  { selector: "CallExpression[callee.property.name='write'][callee.object.name='document']", message: 'document.write is banned.' },
];

// Runtime boundaries. Content scripts run inside Meta's pages: they carry no zod, no React and
// none of the server's Graph logic (the bundle size and the page's CPU are what is at stake).
// Type imports are free (they vanish at build time).
const contentSafe = ['lib/meta/**', 'lib/screens/**', 'lib/content/**', 'lib/guidance/**', 'entrypoints/*.content.ts', 'lib/flow/outcome.ts', 'lib/flow/connect-alert.ts', 'lib/flow/outcome-reply.ts', 'lib/flow/checklist.ts', 'lib/flow/names.ts', 'lib/util/**'];
const serverOnlyPatterns = [
  { group: ['**/server/**', '**/server'], message: 'server/ runs in Node only.', allowTypeImports: true },
  { group: ['**/graph/**', '**/lib/graph'], message: 'lib/graph is server and CLI only.', allowTypeImports: true },
];
const contentSafeImports = {
  paths: [
    { name: 'zod', message: 'No zod in content-script-safe code: validate on the receiving side.', allowTypeImports: true },
    { name: 'react', message: 'No React in content scripts: panels build DOM nodes.', allowTypeImports: true },
    { name: 'react-dom', message: 'No React in content scripts.', allowTypeImports: true },
    { name: 'react-dom/client', message: 'No React in content scripts.', allowTypeImports: true },
  ],
  patterns: serverOnlyPatterns,
};

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**', '.data/**', '.reports/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-syntax': ['error', ...injectionSinks],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // Extension code (background, popup, options, content): browser globals only, no server code.
    files: ['lib/**', 'components/**', 'entrypoints/**'],
    ignores: ['lib/graph/**', 'lib/contract/openapi.ts', '**/*.test.ts', '**/*.test.tsx'],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions, process: 'off', Buffer: 'off', __dirname: 'off', require: 'off' } },
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: serverOnlyPatterns }] },
  },
  {
    // Code that may run inside Meta's pages.
    files: contentSafe,
    // The rule-pack schemas are zod by design: tests and the CLI use them, never a reader.
    ignores: ['lib/screens/rules/schema.ts', 'lib/screens/rules/token-dialog-schema.ts', 'lib/screens/outline-schema.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', contentSafeImports] },
  },
  {
    // Server-only Graph logic and the server itself: Node globals, no extension APIs, no React.
    files: ['lib/graph/**', 'server/**'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'react', message: 'No React on the server.' }],
        patterns: [{ group: ['wxt', 'wxt/*', 'webextension-polyfill'], message: 'No extension APIs on the server.' }],
      }],
    },
  },
  {
    // Fixture builders in tests may parse HTML on purpose (they build hostile pages).
    files: ['tests/**', '**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Playwright fixtures: `use` is Playwright's, not React's, and `{}` is its no-dependency form.
    files: ['tests/e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off', 'no-empty-pattern': 'off' },
  },
);
