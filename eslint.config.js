import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layers (ARCHITECTURE.md): core ← engine; services ← api; the server composes them. Nothing
// below the API imports it, the server or the device gateways, and the engine and core import
// nothing but core. `(\.\./)+name/` matches a sibling folder of src/ from any depth below it.
const up = (names) => `^(\\./|(\\.\\./)+)(${names.join('|')})(/|\\.ts$)`;
const TOP = ['api', 'server', 'extensions', 'gateways', 'cli', 'demo', 'web', 'sim'];
const SERVICES = ['registry', 'portal', 'transport-notes', 'movements', 'field', 'offline-unseal', 'seal-reads', 'photos', 'webhooks', 'notifications', 'audit', 'monitor', 'stream', 'store', 'auth', 'ops', 'bus', 'reports', 'cases', 'desk', 'programme', 'ocr', 'platform', 'config', 'risk'];
const layer = (files, forbidden, message, extra = []) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ regex: up(forbidden), message }, ...extra] }],
  },
});
const noHttp = [{ group: ['fastify', '@fastify/*'], message: 'services know no HTTP: raise a DomainError (src/core/errors.ts) and let the API answer' }];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'web/dist/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  layer(['src/core/**/*.ts'], [...TOP, ...SERVICES, 'engine', 'quality', 'replay', 'protocols'], 'core imports nothing but core'),
  layer(['src/engine/**/*.ts'], [...TOP, ...SERVICES, 'quality', 'replay', 'protocols'], 'the engine imports only core (and itself)'),
  layer(
    ['src/{registry,portal,transport-notes,movements,field,offline-unseal,seal-reads,photos,webhooks,notifications,audit,monitor,stream,store,auth,ops,bus,risk,reports,cases,desk,programme,ocr}/**/*.ts'],
    TOP,
    'services and the layers below them import nothing from the API, the server or the gateways',
    noHttp,
  ),
);
