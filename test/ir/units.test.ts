import { describe, expect, it } from 'vitest';
import { bytesToMiB, cpusToUnits, parseByteSize, parseDurationSeconds, parseMemoryMiB, wholeSeconds } from '../../src/ir/units.js';

describe('parseByteSize (go-units RAMInBytes)', () => {
  const table: [string | number, number | undefined][] = [
    ['512M', 512 * 1024 ** 2],
    ['512m', 512 * 1024 ** 2],
    ['0.5g', 512 * 1024 ** 2],
    ['2Gb', 2 * 1024 ** 3],
    ['1.5gb', 1.5 * 1024 ** 3],
    ['67108864b', 67108864],
    ['65536k', 65536 * 1024],
    ['1024', 1024],
    [512, 512],
    ['2 GiB', 2 * 1024 ** 3],
    ['512x', undefined],
    ['', undefined],
    ['-1m', undefined],
    ['1.2.3m', undefined],
  ];
  for (const [input, want] of table) it(`${JSON.stringify(input)} → ${want}`, () => expect(parseByteSize(input)).toBe(want));
});

describe('memory in MiB, rounded up', () => {
  const table: [string | number, number | undefined][] = [
    ['512M', 512],
    ['0.5g', 512],
    ['1000000', 1],
    ['1048577', 2],
    ['1g', 1024],
    ['128k', 1],
    ['bad', undefined],
  ];
  for (const [input, want] of table) it(`${JSON.stringify(input)} → ${want}`, () => expect(parseMemoryMiB(input)).toBe(want));
  it('bytesToMiB rounds up', () => expect(bytesToMiB(1)).toBe(1));
});

describe('parseDurationSeconds (Go durations)', () => {
  const table: [string, number | undefined][] = [
    ['30s', 30],
    ['1m30s', 90],
    ['1.5h', 5400],
    ['500ms', 0.5],
    ['2d', 172800],
    ['1w', 604800],
    ['10us', 0.00001],
    // Go accepts both micro signs: U+00B5 (micro sign) and U+03BC (Greek small letter mu).
    ['10\u00b5s', 0.00001],
    ['1m10\u03bcs', 60.00001],
    ['10\u00b5', undefined],
    ['0', 0],
    ['30', undefined],
    ['', undefined],
    ['1x', undefined],
    ['s', undefined],
  ];
  for (const [input, want] of table) {
    it(`${JSON.stringify(input)} → ${want}`, () => {
      const got = parseDurationSeconds(input);
      if (want === undefined) expect(got).toBeUndefined();
      else expect(got).toBeCloseTo(want, 9);
    });
  }
  it('wholeSeconds rounds up', () => {
    expect(wholeSeconds(0.5)).toBe(1);
    expect(wholeSeconds(30)).toBe(30);
  });
});

describe('cpusToUnits', () => {
  const table: [string | number, number | undefined][] = [
    [0.5, 512],
    ['0.5', 512],
    ['2', 2048],
    [0.25, 256],
    ['1.5', 1536],
    ['abc', undefined],
    ['', undefined],
    [-1, undefined],
  ];
  for (const [input, want] of table) it(`${JSON.stringify(input)} → ${want}`, () => expect(cpusToUnits(input)).toBe(want));
});

describe('parsed sizes and durations are cached by text', () => {
  it('a second parse of each text gives the first answer', () => {
    const texts = ['512M', '512x', '', ' 1g ', '30s', '1m30s', '-0s', '0', '10', '1.5h', 'abc', '2d'];
    for (const t of texts) {
      expect(parseByteSize(t)).toBe(parseByteSize(t));
      expect(Object.is(parseDurationSeconds(t), parseDurationSeconds(t))).toBe(true);
    }
    expect(Object.is(parseDurationSeconds('-0s'), -0)).toBe(true);
    expect(parseDurationSeconds('10')).toBeUndefined();
    expect(parseDurationSeconds('10')).toBeUndefined();
  });
});
