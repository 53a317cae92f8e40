/**
 * The conformance and integration suites read bundles from disk through the product's own source, so
 * what they test is what `npm run bundle` runs.
 */
export { nodeSource } from "../../shared/bundles/cli/node-source.js";
