// Lint is type-aware: floating promises, exhaustive switches over reason codes and
// statuses, and no `any` escapes are errors, not style.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";

/**
 * One no-restricted-imports rule per folder: the folders it may not import from (relative imports
 * such as "../store/db.js"), and for the pure layers, no Node built-ins either.
 */
function layers(table) {
  return Object.entries(table).map(([folder, banned]) => ({
    files: [`${folder}/**/*.{ts,tsx}`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: `^(\\.\\./)+(${banned.join("|")})(/|$)`,
              message: `${folder}/ may not import from ${banned.join(", ")} (see the layer table in ARCHITECTURE.md).`,
            },
            ...(["src/rules", "src/contract", "src/formats"].includes(folder)
              ? [
                  {
                    // Hashing is pure (name-based UUIDs); files, clocks and networks are not.
                    regex: "^node:(?!crypto$)",
                    message: `${folder}/ is pure: no Node built-ins that do I/O.`,
                  },
                ]
              : []),
          ],
        },
      ],
    },
  }));
}

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "test-results/**", "data/**"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // The web app runs in the browser and has its own tsconfig (DOM, JSX).
    files: ["src/web/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { projectService: false, project: ["./tsconfig.web.json"] },
    },
    rules: {
      // Hooks called in the same order every render, and effects that list what they read.
      "react-hooks/rules-of-hooks": "error",
      // useAsync(load, deps) takes a dependency list like useEffect: its callers are checked too.
      "react-hooks/exhaustive-deps": ["error", { additionalHooks: "^(useAsync|usePages)$" }],
    },
  },
  // The layer table of ARCHITECTURE.md, enforced: an import against the arrows fails `npm test`.
  ...layers({
    "src/rules": ["app", "store", "http", "cli", "web", "reference", "formats"],
    "src/contract": ["rules", "app", "store", "http", "cli", "web", "reference", "formats"],
    "src/reference": ["app", "store", "http", "cli", "web", "formats"],
    "src/formats": ["app", "store", "http", "cli", "web", "reference"],
    "src/app": ["store", "http", "cli", "web", "clearinghouse"],
    "src/store": ["http", "cli", "web", "clearinghouse"],
    "src/clearinghouse": ["store", "http", "cli", "web"],
    "src/http": ["store", "cli", "web", "clearinghouse"],
    "src/web": ["app", "store", "http", "cli", "rules", "reference", "formats", "clearinghouse"],
  }),
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ["test/**/*.ts", "**/*.test.ts", "scripts/**/*.ts", "e2e/**/*.ts"],
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
);
