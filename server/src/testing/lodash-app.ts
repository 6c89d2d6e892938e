/**
 * A Vite + React app whose three components import the whole lodash root, with lodash "installed"
 * (a manifest and the per-method modules the fix checks for): heavy-import reports it once, and its
 * fix rewrites every importer. Shared by the protocol and `hotpath fix` tests.
 */
export const lodashAppFiles: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'shop', private: true, dependencies: { react: '^18.3.0', 'react-dom': '^18.3.0', vite: '^5.4.0', lodash: '^4.17.21' } }),
  'node_modules/lodash/package.json': JSON.stringify({ name: 'lodash', version: '4.17.21', main: 'lodash.js' }),
  'node_modules/lodash/lodash.js': 'module.exports = {};',
  'node_modules/lodash/debounce.js': 'module.exports = function debounce(f) { return f; };',
  'node_modules/lodash/sumBy.js': 'module.exports = function sumBy() { return 0; };',
  'node_modules/lodash/capitalize.js': 'module.exports = function capitalize(s) { return s; };',
  'index.html': '<!doctype html><div id="root"></div><script type="module" src="/src/main.tsx"></script>',
  'src/main.tsx': "import { App } from './App';\nexport const root = App;\n",
  'src/App.tsx': "import { debounce } from 'lodash';\nimport { Cart } from './Cart';\nimport { Title } from './Title';\n\nexport const save = debounce(() => undefined, 100);\nexport const App = [Cart, Title];\n",
  'src/Cart.tsx': "import _ from 'lodash';\n\nexport const Cart = (items: { price: number }[]) => _.sumBy(items, 'price');\n",
  'src/Title.tsx': "import { capitalize } from 'lodash';\n\nexport const Title = (s: string) => capitalize(s);\n",
};

/** The importers, relative paths. */
export const lodashImporters = ['src/App.tsx', 'src/Cart.tsx', 'src/Title.tsx'];
