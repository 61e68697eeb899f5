// Type-aware lint over every TypeScript file; formatting is left to the editor.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // Scratch files (.name.ts) are never part of the product.
  { ignores: ['node_modules/**', 'var/**', '.kafka/**', '.kafka-ci/**', 'infra/**', 'eslint.config.js', '.*.ts'] },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
);
