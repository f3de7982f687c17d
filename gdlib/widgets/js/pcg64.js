// numpy's random shuffles in the browser, for notebook 08's network explorer: the kernel
// sends the PCG64 bit generator's state after the network's random start, and the page draws
// each epoch's order as numpy's Generator.permutation does (tests/e2e/test_parity_network.py).

// --- numpy's PCG64 and Generator.permutation ---------------------------------------------------
//
// numpy/random/src/pcg64/pcg64.h: state ← state · M + inc (mod 2¹²⁸), output XSL-RR
// rotr64(high ⊕ low, high >> 58); next32 hands out the two halves of one 64-bit draw (low first),
// keeping the high half in (has_uint32, uinteger). Generator.permutation(n) shuffles arange(n)
// (_shuffle_raw: i = n−1 … 1, j = random_interval(i): masked rejection on next32,
// numpy/random/src/distributions/distributions.c), the same in numpy 2.2 – 2.5.

// The 128-bit numbers are kept as eight 16-bit limbs (least significant first): each partial
// product of the multiplication is then an exact double (no BigInt in the loop: 20× faster).
const limbs = (big) => Array.from({ length: 8 }, (_, i) => Number((BigInt(big) >> BigInt(16 * i)) & 0xffffn));
const M128 = limbs((2549297995355413924n << 64n) | 4865540595714422341n);

export class PCG64 {
  /** From numpy's `bit_generator.state`: {state: {state, inc}, has_uint32, uinteger}, the
   * 128-bit numbers as decimal strings. */
  constructor({ state, has_uint32, uinteger }) {
    this.s = Float64Array.from(limbs(state.state));
    this.inc = Float64Array.from(limbs(state.inc));
    this.hasUint32 = Boolean(has_uint32);
    this.uinteger = Number(uinteger) >>> 0;
    this.high = 0;
    this.acc = new Float64Array(8);
  }
  /** One step; returns the low 32 bits of the 64-bit output, the high ones in this.high. */
  next64() {
    const s = this.s, inc = this.inc, acc = this.acc;
    for (let k = 7; k >= 0; k--) {          // limb k of s · M needs s[0 … k]: top down, in place
      let a = inc[k];
      for (let i = 0; i <= k; i++) a += s[i] * M128[k - i];
      acc[k] = a;
    }
    let carry = 0;
    for (let k = 0; k < 8; k++) {
      const a = acc[k] + carry;
      carry = Math.floor(a / 65536);
      s[k] = a - carry * 65536;
    }
    // XSL-RR: rotr64(high ⊕ low, high >> 58)
    let hi = ((s[7] << 16) | s[6]) ^ ((s[3] << 16) | s[2]);
    let lo = ((s[5] << 16) | s[4]) ^ ((s[1] << 16) | s[0]);
    let rot = s[7] >>> 10;
    if (rot >= 32) { const t = hi; hi = lo; lo = t; rot -= 32; }
    if (rot > 0) {
      const h2 = (hi >>> rot) | (lo << (32 - rot));
      lo = (lo >>> rot) | (hi << (32 - rot));
      hi = h2;
    }
    this.high = hi >>> 0;
    return lo >>> 0;
  }
  next32() {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    const low = this.next64();
    this.hasUint32 = true;
    this.uinteger = this.high;
    return low;
  }
  /** random_interval(max): uniform in [0, max], max < 2³². */
  interval(max) {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1; mask |= mask >>> 2; mask |= mask >>> 4; mask |= mask >>> 8; mask |= mask >>> 16;
    mask >>>= 0;
    let value;
    while ((value = (this.next32() & mask) >>> 0) > max);
    return value;
  }
  /** Generator.permutation(n). */
  permutation(n, out = new Int32Array(n)) {
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i >= 1; i--) {
      const j = this.interval(i);
      const t = out[j]; out[j] = out[i]; out[i] = t;
    }
    return out;
  }
}

/** numpy's epoch orders for one (seed, h), drawn as far as needed and kept. */
class Shuffles {
  constructor(state, n) {
    this.rng = new PCG64(state);
    this.n = n;
    this.orders = new Int32Array(0);
    this.epochs = 0;
  }
  upTo(epochs) {
    if (epochs > this.epochs) {
      const n = this.n, grown = new Int32Array(epochs * n);
      grown.set(this.orders);
      for (let e = this.epochs; e < epochs; e++) this.rng.permutation(n, grown.subarray(e * n, (e + 1) * n));
      this.orders = grown;
      this.epochs = epochs;
    }
    return this.orders;
  }
}
