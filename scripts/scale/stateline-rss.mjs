// `stateline ARGS` as built (dist/, what `npm start` and the bin run, no TypeScript loader), then
// the process's peak RSS on stderr as `maxRSS=<kB>`: how the re-check bench measures the CLI.
import { main } from "../../dist/cli/main.js";

process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
});
process.stderr.write(`maxRSS=${process.resourceUsage().maxRSS}\n`);
