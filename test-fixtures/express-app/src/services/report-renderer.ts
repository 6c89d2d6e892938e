import { execSync } from 'node:child_process';
import * as path from 'node:path';
import { config } from '../config';

/** Renders a report page to PDF with the wkhtmltopdf binary. */
export function renderReport(id: string, pageSize: string): Buffer {
  const page = path.join(config.reportTemplateDir, 'report.html');
  const url = `file://${page}?id=${encodeURIComponent(id)}`;
  return execSync(`wkhtmltopdf --quiet --page-size ${pageSize} '${url}' -`, { maxBuffer: 64 * 1024 * 1024 });
}
