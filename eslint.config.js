import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'test/output/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // No reaching into another package past its front door (import cycles are checked by dpdm in `pnpm lint`).
      'no-restricted-imports': ['error', {
        patterns: [{
          group: ['@ladder/*/*', '../../*/src/**', '../../../*/src/**', '../../*/*/src/**', '../../../*/*/src/**', '../../../../*/*/src/**'],
          message: 'Import another package through its front door (@ladder/<name>) only.',
        }],
      }],
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Use explicit named exports, not export *.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
