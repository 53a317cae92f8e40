// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

/** Orchestrators replay: anything non-deterministic or side-effecting is banned there (see style guide). */
const orchestratorRules = {
  "no-restricted-imports": [
    "error",
    {
      patterns: [
        {
          group: ["node:*", "fs", "http", "https", "crypto", "child_process"],
          message: "Orchestrators must not do I/O.",
        },
        {
          group: ["**/*.activities.js", "**/runtime/**", "**/databricks/**", "@azure/*", "@octokit/*"],
          message: "Orchestrators call activities through contracts only.",
        },
      ],
    },
  ],
  "no-restricted-properties": [
    "error",
    { object: "Date", property: "now", message: "Use context.df.currentUtcDateTime." },
    { object: "Math", property: "random", message: "Use context.df.newGuid()." },
  ],
  "no-restricted-globals": [
    "error",
    { name: "process", message: "Orchestrators receive only context and input." },
    { name: "fetch", message: "Orchestrators must not do I/O." },
    { name: "setTimeout", message: "Use context.df.createTimer." },
    { name: "setInterval", message: "Use context.df.createTimer." },
  ],
  "no-restricted-syntax": [
    "error",
    { selector: "AwaitExpression", message: "Orchestrators yield; they never await." },
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: "Use context.df.currentUtcDateTime.",
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      ".local/**",
      "test/fixtures/**",
      "coverage/**",
      "**/*.mjs",
      "**/*.cjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["functions/**/*.ts", "shared/**/*.ts"],
    ignores: ["shared/config/**"],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "process", message: "Read settings through shared/config." },
      ],
    },
  },
  { files: ["**/*.orchestrator.ts"], rules: orchestratorRules },
  // Test orchestrators that return without yielding are valid durable functions.
  { files: ["test/**/*.ts"], rules: { "require-yield": "off" } },
  { files: ["eslint.config.js"], ...tseslint.configs.disableTypeChecked },
);
