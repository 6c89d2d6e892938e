#!/usr/bin/env node
// The `hotpath` command line; the code is bundled into dist/cli.js by `npm run build`.
require('../dist/cli.js');
