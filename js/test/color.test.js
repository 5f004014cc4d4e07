import test from "node:test";
import assert from "node:assert/strict";
import { contrast, divergingColor, parseColor, PALETTES, readableText, scaleGradient } from "../src/shared/color.js";

const isBlue = ([r, , b]) => b > r;
const isRed = ([r, , b]) => r > b;

test("positive scores take the positive (blue) hue, negative the red one, zero is neutral", () => {
  assert.ok(isBlue(divergingColor(0.5, 1).rgb));
  assert.ok(isRed(divergingColor(-0.5, 1).rgb));
  assert.deepEqual(divergingColor(0, 1).rgb, PALETTES.light.neutral);
  assert.equal(divergingColor(0.5, 1).sign, 1);
  assert.equal(divergingColor(-0.5, 1).sign, -1);
  assert.equal(divergingColor(0, 1).sign, 0);
});

test("the scale saturates at max |score| and is symmetric", () => {
  assert.deepEqual(divergingColor(1, 1).rgb, PALETTES.light.positive);
  assert.deepEqual(divergingColor(-3, 1).rgb, PALETTES.light.negative);
  assert.equal(divergingColor(0.25, 0.5).t, 0.5);
  assert.equal(divergingColor(-0.25, 0.5).t, -0.5);
});

test("unsigned scales use only the positive side", () => {
  const c = divergingColor(-0.5, 1, { signed: false });
  assert.equal(c.t, 0.5);
  assert.ok(isBlue(c.rgb));
  assert.ok(!scaleGradient({ signed: false }).includes(`rgb(${PALETTES.light.negative.join(", ")})`));
});

test("zero, missing or non-finite normalisers never give NaN", () => {
  for (const [v, m] of [[0, 0], [1, 0], [null, 1], [NaN, 1], [1, NaN], [1, Infinity], [undefined, 2]]) {
    const c = divergingColor(v, m);
    assert.ok(c.rgb.every(Number.isFinite), `${v}/${m}`);
    assert.ok(!c.css.includes("NaN"));
    assert.equal(c.t, 0);
  }
});

test("huge and tiny magnitudes scale like any other", () => {
  assert.equal(divergingColor(1e300, 1e300).t, 1);
  assert.equal(divergingColor(-5e-301, 1e-300).t, -0.5);
  assert.equal(divergingColor(1e-12, 1e12).sign, 1);
});

test("text colour stays readable on both ends and on the dark palette", () => {
  for (const palette of ["light", "dark"]) {
    for (let k = -20; k <= 20; k++) {
      const v = k / 20;
      const c = divergingColor(v, 1, { palette });
      assert.ok(contrast(c.rgb, parseColor(c.text).rgb) >= 4.5, `${palette} ${v}`);
    }
  }
  assert.equal(readableText([255, 255, 255]), "rgb(0, 0, 0)");
  assert.equal(readableText([0, 0, 0]), "rgb(255, 255, 255)");
});

test("parseColor reads rgb(), rgba() and hex", () => {
  assert.deepEqual(parseColor("rgb(1, 2, 3)"), { rgb: [1, 2, 3], alpha: 1 });
  assert.deepEqual(parseColor("rgba(1, 2, 3, 0)"), { rgb: [1, 2, 3], alpha: 0 });
  assert.deepEqual(parseColor("#fff").rgb, [255, 255, 255]);
  assert.deepEqual(parseColor("#1e1e1e").rgb, [30, 30, 30]);
  assert.equal(parseColor("var(--x)"), null);
});
