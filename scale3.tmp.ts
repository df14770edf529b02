import { openStore } from './src/store/index.js';
const store = await openStore(process.argv[2]);
console.log("after open rss", (process.memoryUsage().rss/1e6).toFixed(0));
let t = Date.now(); let after: string | null = null; let n = 0;
for (;;) {
  let q = store.db.selectFrom('identities as i').leftJoin('ownership as o', 'o.identity_id', 'i.id').select(['i.id', 'i.owner_claims', 'o.candidates']);
  if (after !== null) q = q.where('i.id', '>', after);
  const rows = await q.orderBy('i.id').limit(5000).execute();
  if (!rows.length) break; n += rows.length; after = rows[rows.length - 1].id;
  if (n % 200000 === 0) console.log(n, ((Date.now() - t) / 1000).toFixed(1), `rss ${(process.memoryUsage().rss / 1e6).toFixed(0)}`);
}
console.log('select loop', ((Date.now() - t) / 1000).toFixed(1));
const { sql } = await import('kysely');
const plan = await sql`EXPLAIN QUERY PLAN SELECT i.id FROM identities i LEFT JOIN ownership o ON o.identity_id = i.id WHERE i.id > 'x' ORDER BY i.id LIMIT 5000`.execute(store.db);
console.log(plan.rows);
await store.close();
