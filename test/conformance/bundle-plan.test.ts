import { runPlanCase, runsPlan } from "./plan-case.js";
import { renderPlanReport } from "./plan-report.js";
import { describeCorpusSuite } from "./suite.js";

describeCorpusSuite({
  title: "databricks bundle plan conformance",
  name: "plan suite",
  minPassing: 25,
  // A page of its own: docs/conformance.md is compared byte for byte by the validate suite, so a plan
  // section there would make that suite fail. docs/conformance.md links here.
  doc: "docs/conformance-plan.md",
  selects: runsPlan,
  run: runPlanCase,
  render: renderPlanReport,
});
