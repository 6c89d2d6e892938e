import assert from 'node:assert/strict';
import { test } from 'node:test';
import { missingFrom } from './compare-findings';

test('missingFrom finds a changed, a lost and a duplicated finding, whatever the order', () => {
  const a = [{ rule: 'n-plus-one', line: 3 }, { rule: 'sync-in-handler', line: 9 }, { rule: 'n-plus-one', line: 3 }];
  assert.deepEqual(missingFrom(a, [a[1], a[0], a[2]]), []);
  assert.deepEqual(missingFrom(a, [a[1], a[0]]), ['{"rule":"n-plus-one","line":3}']);
  assert.deepEqual(missingFrom(a, [a[0], a[2], { rule: 'sync-in-handler', line: 10 }]), ['{"rule":"sync-in-handler","line":9}']);
});
