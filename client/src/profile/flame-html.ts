/**
 * The flame-graph webview's page. Pure (no `vscode` import) so the browser tests serve exactly
 * the page the editor shows. No profile data goes into it: the profile arrives by `postMessage`,
 * or is fetched from the webview resource url the extension names (preloaded from the page's head).
 */
import { randomBytes } from 'node:crypto';

export interface FlamePageParts {
  /** `webview.cspSource`: the origin the page may load its script and styles from. */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce?: string;
  /**
   * The profile's webview resource url, when the page will fetch it: preloaded while the page
   * and its script load, so the download starts at once (the page's fetch takes it over).
   */
  profileUri?: string;
}

export function newNonce(): string {
  return randomBytes(18).toString('base64url');
}

export function flameHtml(parts: FlamePageParts): { html: string; nonce: string } {
  const nonce = parts.nonce ?? newNonce();
  const csp = [
    "default-src 'none'",
    `img-src ${parts.cspSource} data:`,
    `style-src ${parts.cspSource}`,
    `font-src ${parts.cspSource}`,
    // The page fetches the profile as a webview resource (the extension allows that one file in
    // localResourceRoots), so it streams in instead of arriving as one large message.
    `connect-src ${parts.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    // The parse worker starts from a Blob the page's own script makes (media/flame/parser.ts);
    // only script that already runs can make one.
    'worker-src blob:',
  ].join('; ');
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${attr(parts.styleUri)}">
${parts.profileUri ? `<link rel="preload" href="${attr(parts.profileUri)}" as="fetch" crossorigin="anonymous">\n` : ''}
<title>Flame graph</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${attr(parts.scriptUri)}"></script>
</body>
</html>
`;
  return { html, nonce };
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
