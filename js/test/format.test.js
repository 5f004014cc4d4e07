import test from "node:test";
import assert from "node:assert/strict";
import { formatPercent, formatRank, formatScore } from "../src/shared/format.js";
import { maxAbs, rankByMagnitude, toNumbers } from "../src/shared/scores.js";

test("scores get 3 significant digits, scientific notation for tiny and huge values", () => {
  const cases = [
    [0, "0"], [0.1, "0.1"], [-0.12345, "-0.123"], [1234.5, "1230"], [0.00123, "0.00123"],
    [1e-5, "1e-5"], [-1.234e-7, "-1.23e-7"], [12345, "1.23e+4"], [3, "3"], [1e300, "1e+300"],
  ];
  for (const [x, want] of cases) assert.equal(formatScore(x), want, String(x));
  assert.equal(formatScore(0.5, { sign: true }), "+0.5");
  assert.equal(formatScore(-0.5, { sign: true }), "-0.5");
  assert.equal(formatScore(0, { sign: true }), "0");
  for (const x of [null, undefined, NaN, Infinity]) assert.equal(formatScore(x), "n/a");
});

test("percentages", () => {
  assert.equal(formatPercent(0.98), "98.0%");
  assert.equal(formatPercent(0), "0.0%");
  assert.equal(formatPercent(0.00001), "<0.1%");
  assert.equal(formatPercent(0.99999), ">99.9%");
  assert.equal(formatPercent(null), "n/a");
  assert.equal(formatRank(2, 5), "rank 2 of 5");
});

test("ranks by |score| skip special tokens and missing scores; ties keep token order", () => {
  const scores = [9, 0.1, -0.5, 0.3, 0.3, NaN, 7];
  const special = [true, false, false, false, false, false, true];
  const { ranks, total } = rankByMagnitude(scores, special);
  assert.equal(total, 4);
  assert.deepEqual(ranks, [null, 4, 1, 2, 3, null, null]);
});

test("the normaliser is max |score| of non-special tokens, 0 when all are zero", () => {
  assert.equal(maxAbs([9, 0.1, -0.5, 0], [true, false, false, false]), 0.5);
  assert.equal(maxAbs([0, 0, 0]), 0);
  assert.equal(maxAbs([2, -3], [true, true]), 3);
  assert.deepEqual(toNumbers([1, null, "x"], 4).map(Number.isNaN), [false, true, true, true]);
});
