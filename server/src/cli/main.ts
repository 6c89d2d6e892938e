// Placeholder: the command line is being written (issue 2).
process.exitCode = 2;
