import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ENGINES, openTestStore } from '../testing/store.js';
import { appendAudit, verifyAuditChain } from './audit-chain.js';

const entry = (n: number) => ({
  actorTokenId: null,
  actorName: `actor-${n}`,
  action: 'test.write',
  target: `t-${n}`,
  detail: { n, nested: { b: 2, a: 1 } },
  at: `2026-11-01T00:00:0${n}Z`,
});

describe.each(ENGINES)('audit hash chain (%s)', (engine) => {
  it('chains appends, concurrent ones included, and names the first changed or removed row', async () => {
    const store = await openTestStore(engine);
    try {
      for (let n = 1; n <= 3; n++) await appendAudit(store.db, entry(n));
      await Promise.all([4, 5, 6].map((n) => appendAudit(store.db, entry(n))));
      expect(await verifyAuditChain(store.db, 2)).toEqual({ rows: 6, broken: null });
      const seqs = (await store.db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) =>
        Number(r.seq),
      );
      expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);

      await sql`update audit_log set detail = ${'{"n":5}'} where seq = 5`.execute(store.db);
      expect((await verifyAuditChain(store.db, 2)).broken).toMatchObject({
        seq: 5,
        reason: expect.stringMatching(/changed/),
      });
      await sql`delete from audit_log where seq = 2`.execute(store.db);
      expect(await verifyAuditChain(store.db, 2)).toMatchObject({
        rows: 1,
        broken: { seq: 3, reason: expect.stringMatching(/removed/) },
      });
    } finally {
      await store.close();
    }
  });
});
