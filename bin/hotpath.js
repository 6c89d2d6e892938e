#!/usr/bin/env node
// The `hotpath` command line; the code is bundled into dist/cli.js by `npm run build`, and started
// from V8's code cache by dist/launch.js (server/src/cli/launch.ts).
require('../dist/launch.js');
