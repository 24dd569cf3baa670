/**
 * mulberry32, Tommy Ettinger's 32-bit generator (2017, public domain; see
 * https://gist.github.com/tommyettinger/46a874533244883189143505d203312c).
 * Chosen because it is a few lines with no dependency, is the same on every
 * JavaScript engine, and its 2^32 period is far beyond the ~6 million draws of
 * the largest simulation (200,000 iterations × 29 factors). Returns [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Inverse CDF of the triangular distribution on [low, low + width] whose mode
 * sits at fraction `peak` of the width. With width 0 it returns low: a factor
 * whose low equals its high is a constant.
 */
export function triangular(u: number, low: number, width: number, peak: number): number {
  return u < peak
    ? low + width * Math.sqrt(u * peak)
    : low + width - width * Math.sqrt((1 - u) * (1 - peak));
}
