"use strict";
var __create = Object.create;
var __defProp = Object.defineProperty;
var __getOwnPropDesc = Object.getOwnPropertyDescriptor;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __getProtoOf = Object.getPrototypeOf;
var __hasOwnProp = Object.prototype.hasOwnProperty;
var __copyProps = (to, from, except, desc) => {
  if (from && typeof from === "object" || typeof from === "function") {
    for (let key of __getOwnPropNames(from))
      if (!__hasOwnProp.call(to, key) && key !== except)
        __defProp(to, key, { get: () => from[key], enumerable: !(desc = __getOwnPropDesc(from, key)) || desc.enumerable });
  }
  return to;
};
var __toESM = (mod, isNodeMode, target) => (target = mod != null ? __create(__getProtoOf(mod)) : {}, __copyProps(
  // If the importer is in node compatibility mode or this is not an ESM
  // file that has been converted to a CommonJS file using a Babel-
  // compatible transform (i.e. "__esModule" has not been set), then set
  // "default" to the CommonJS "module.exports" for node compatibility.
  isNodeMode || !mod || !mod.__esModule ? __defProp(target, "default", { value: mod, enumerable: true }) : target,
  mod
));

// scripts/drive.ts
var import_node_http = __toESM(require("node:http"));

// src/app.ts
var import_node_crypto = __toESM(require("node:crypto"));
var import_express3 = __toESM(require("express"));

// src/routes/orders.ts
var import_express = require("express");

// scripts/fake-pg.ts
var orderRows = Array.from({ length: 60 }, (_, i) => ({ id: i + 1, total: i * 37 % 500 }));
var itemRows = Array.from({ length: 120 }, (_, i) => ({ sku: `SKU-${i}`, quantity: i % 5 + 1, note: "n".repeat(40) }));
var Pool = class {
  constructor(options) {
    this.options = options;
  }
  options;
  async query(text, params = []) {
    const source = text.includes("order_items") ? itemRows : orderRows;
    const wire = JSON.stringify({ text, params, rows: source });
    const rows = JSON.parse(wire).rows;
    await new Promise((resolve) => setImmediate(resolve));
    return { rows };
  }
};

// src/db.ts
var pool = new Pool({ connectionString: process.env.DATABASE_URL });

// src/routes/orders.ts
var orders = (0, import_express.Router)();
orders.get("/", listOrders);
async function listOrders(req, res) {
  const { rows } = await pool.query("select id, total from orders where customer_id = $1", [req.query.customer]);
  for (const order of rows) {
    const items = await pool.query("select sku, quantity from order_items where order_id = $1", [order.id]);
    order.items = items.rows;
  }
  res.json(rows);
}

// src/routes/reports.ts
var import_express2 = require("express");

// src/services/report.ts
var import_node_zlib = __toESM(require("node:zlib"));
var lines = Array.from({ length: 4e3 }, (_, i) => `row ${i},${i * 7919 % 1e3},${"x".repeat(i % 50)}`);
function compressedReport(req, res) {
  const body = import_node_zlib.default.gzipSync(lines.join("\n"), { level: 9 });
  res.end(body);
}

// src/routes/reports.ts
var reports = (0, import_express2.Router)();
reports.get("/latest.gz", compressedReport);

// src/app.ts
var app = (0, import_express3.default)();
app.use(import_express3.default.json());
var salt = "fixture-salt";
app.post("/login", async (req, res) => {
  const hash = import_node_crypto.default.pbkdf2Sync(String(req.body?.password ?? ""), salt, 4e4, 64, "sha512");
  res.json({ ok: hash.length === 64 });
});
app.use("/orders", orders);
app.use("/reports", reports);

// scripts/drive.ts
function send(port, method, path, body) {
  return new Promise((resolve, reject) => {
    const req = import_node_http.default.request({ port, method, path, headers: body ? { "content-type": "application/json" } : {} }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}
async function drive() {
  const server = app.listen(0);
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address();
  const until = Date.now() + Number(process.env.DRIVE_MS ?? 2e3);
  let sent = 0;
  while (Date.now() < until) {
    await send(port, "GET", "/orders?customer=7");
    await send(port, "POST", "/login", JSON.stringify({ password: "hunter2" }));
    if (sent % 4 === 0) await send(port, "GET", "/reports/latest.gz");
    sent++;
  }
  server.close();
  console.log(`${sent} rounds of requests`);
}
void drive();
//# sourceMappingURL=drive.js.map
