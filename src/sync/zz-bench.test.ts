import { randomBytes } from 'node:crypto';
import { it } from 'vitest';
import { redactSecrets } from './redact.js';
it('bench', () => {
  const b64 = randomBytes(750_000).toString('base64');
  const dotted = 'a.'.repeat(500_000);
  const plus = 'ab+'.repeat(300_000);
  const policy = encodeURIComponent(JSON.stringify({ Statement: Array.from({ length: 20000 }, (_, i) => ({ Effect: 'Allow', Action: ['s3:GetObject', 'iam:PassRole'], Resource: `arn:aws:s3:::bucket-${i}/*` })) }));
  for (const [name, s] of Object.entries({ b64, dotted, plus, policy })) {
    const t = performance.now();
    redactSecrets({ s }, []);
    console.log(name, s.length, Math.round(performance.now() - t), 'ms');
  }
  const page = { value: Array.from({ length: 999 }, (_, i) => ({ id: `id-${i}`, appId: 'f0b0b335-1d71-4883-8f98-567911bfdca6', displayName: `App number ${i}`, passwordCredentials: [{ hint: 'Q~a', keyId: 'b1c2d3e4-3333-4f5a-8b7c-112233445566', secretText: null, startDateTime: '2024-01-15T08:30:00Z' }], tags: ['a', 'b'] })) };
  const t = performance.now();
  for (let i = 0; i < 10; i++) redactSecrets(page, ['secretText']);
  console.log('graph page x10', Math.round(performance.now() - t), 'ms');
});
