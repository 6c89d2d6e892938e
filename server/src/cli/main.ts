/**
 * Entry point of the `hotpath` command line, bundled into dist/cli.js and started by
 * bin/hotpath.js. It only connects the program to the process.
 */
import type { CliIO } from './io';
import { main } from './program';

const io: CliIO = {
  cwd: process.cwd(),
  env: process.env,
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
};

// The exit status is set rather than process.exit() called, so piped output is flushed completely.
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`hotpath: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
