/** Where the CLI writes and what it knows of its surroundings; tests pass their own. */
export interface CliIO {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
  /** Progress is drawn only on a terminal. */
  stderrIsTTY: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
}

export const exitOk = 0;
export const exitFindings = 1;
export const exitUsage = 2;

/** A usage error: one line saying what is wrong, one line saying what to do. */
export function printUsageError(io: CliIO, message: string, hint: string): number {
  io.stderr(`hotpath: ${message}\n${hint}\n`);
  return exitUsage;
}
