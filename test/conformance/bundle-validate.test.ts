import { renderReport } from "./report.js";
import { runCase } from "./run-case.js";
import { describeCorpusSuite } from "./suite.js";

describeCorpusSuite({
  title: "databricks bundle validate -o json conformance",
  name: "validate suite",
  minPassing: 32,
  doc: "docs/conformance.md",
  run: runCase,
  render: renderReport,
});
