// A second implementation of the draw algorithm "sitecheck-draw/1", written from
// docs/draw.md alone: reads a draw record (JSON) on stdin and prints the hashes,
// the seed and the tasks it recomputes, as canonical JSON.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

function canonical(value) {
  if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return "{" + keys.map((k) => JSON.stringify(k) + ":" + canonical(value[k])).join(",") + "}";
  }
  return JSON.stringify(value);
}

const H = (value) => createHash("sha256").update(Buffer.from(canonical(value), "utf8")).digest("hex");

class Stream {
  constructor(seedHex) { this.seed = Buffer.from(seedHex, "hex"); this.counter = 0n; this.words = []; }
  next64() {
    if (this.words.length === 0) {
      const i = Buffer.alloc(8);
      i.writeBigUInt64BE(this.counter++);
      const block = createHash("sha256").update(Buffer.concat([this.seed, i])).digest();
      for (let o = 0; o < 32; o += 8) this.words.push(block.readBigUInt64BE(o));
    }
    return this.words.shift();
  }
  below(n) {
    const N = BigInt(n), two64 = 1n << 64n, limit = two64 - (two64 % N);
    for (;;) { const x = this.next64(); if (x < limit) return Number(x % N); }
  }
  pick(items, k) {
    const pool = items.slice();
    for (let i = 0; i < k; i++) {
      const j = i + this.below(pool.length - i);
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, k);
  }
}

const codeOrder = (a, b) => {
  const x = Array.from(a), y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0) - y[i].codePointAt(0);
    if (d) return d;
  }
  return x.length - y.length;
};

const r = JSON.parse(readFileSync(0, "utf8"));
const hashes = { parameters_sha256: H(r.parameters), candidates_sha256: H(r.candidates),
                 inspectors_sha256: H(r.inspectors), history_sha256: H(r.history) };
const seed = H({ algorithm: "sitecheck-draw/1", ...hashes, draw_date: r.draw_date, public_value: r.public_value });
const s = new Stream(seed);
const key = [], groups = new Map();
for (const c of r.candidates) {
  if (c.risk_colour && r.parameters.key_colours.includes(c.risk_colour)) key.push(c.id);
  else {
    const g = JSON.stringify([c.district, c.industry]);
    if (!groups.has(g)) groups.set(g, []);
    groups.get(g).push(c.id);
  }
}
const chosen = key.sort(codeOrder).map((id) => [id, "key"]);
const order = [...groups.keys()].sort((a, b) => {
  const [da, ia] = JSON.parse(a), [db, ib] = JSON.parse(b);
  return codeOrder(da, db) || codeOrder(ia, ib);
});
for (const g of order) {
  const ids = groups.get(g).sort(codeOrder);
  const k = Math.floor((ids.length * r.parameters.ratio_percent + 99) / 100);
  for (const id of s.pick(ids, k)) chosen.push([id, "random"]);
}
const size = r.parameters.team_size;
const tasks = chosen.map(([id, kind], n) => {
  const eligible = r.inspectors.filter((p) => !p.conflicts.includes(id)).map((p) => p.cert_no);
  if (eligible.length < size) throw new Error("too few inspectors for " + id);
  const last = canonical((r.history[id] || []).slice().sort(codeOrder));
  let team;
  do { team = s.pick(eligible, size).sort(codeOrder); }
  while (canonical(team) === last && eligible.length > size);
  return { seq: n + 1, enterprise_id: id, kind, inspectors: team };
});
process.stdout.write(canonical({ hashes, seed, tasks }) + "\n");
