// The q4 quantizer as a WebGPU compute shader: one invocation per group of 32, the same rule and the same integer
// steps as q4.ts and f16.ts. Floats are handled as their bits wherever a GPU might differ from the CPU: a GPU may
// flush subnormals, so the max and every comparison run on the bits of |w| (for non-negative floats their order is
// the integer order), and f16 rounding is integer arithmetic (no shader-f16 needed). The only float operations that
// decide bytes are single multiplies (max × f32(1/7), (j + ½) × s), correctly rounded in WGSL, on normal numbers.

/** Source encodings the shader reads (uniform `dtype`). */
export const GPU_DTYPE = { F32: 0, F16: 1, BF16: 2 } as const;
export const WORKGROUP_SIZE = 64;

export const Q4_WGSL = /* wgsl */ `
struct Params {
  groups: u32,      // groups in this dispatch
  dtype: u32,       // 0 F32, 1 F16, 2 BF16 (two values to a word, element 0 low)
  half_target: u32, // 1: q4f16_1 (w and s rounded to f16), 0: q4f32_1
  pad: u32,
};

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> src: array<u32>;
@group(0) @binding(2) var<storage, read_write> qw: array<u32>;           // 4 words per group
@group(0) @binding(3) var<storage, read_write> qs: array<u32>;           // the scale's bits (f32, or f16 in the low half)
@group(0) @binding(4) var<storage, read_write> st: array<vec4<u32>>;     // error statistics, see below

const INV7_BITS: u32 = 0x3e124925u;  // f32(1/7)
const TINY_BITS: u32 = 0x03800000u;  // 2^-120
const HALVES = array<f32, 7>(0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5);

fn f32_to_f16(x: u32) -> u32 {
  let sign = (x >> 16u) & 0x8000u;
  let a = x & 0x7fffffffu;
  if (a >= 0x7f800000u) {
    if (a == 0x7f800000u) { return sign | 0x7c00u; }
    return sign | 0x7e00u | ((a >> 13u) & 0x3ffu);
  }
  if (a >= 0x477ff000u) { return sign | 0x7c00u; }
  if (a >= 0x38800000u) {
    let m = a - 0x38000000u;
    return sign | ((m + 0x0fffu + ((m >> 13u) & 1u)) >> 13u);
  }
  if (a < 0x33000000u) { return sign; }
  let e = a >> 23u;
  let mant = (a & 0x7fffffu) | 0x800000u;
  let shift = 126u - e;
  var q = mant >> shift;
  let rem = mant & ((1u << shift) - 1u);
  let half = 1u << (shift - 1u);
  if (rem > half || (rem == half && (q & 1u) == 1u)) { q = q + 1u; }
  return sign | q;
}

fn f16_to_f32(h: u32) -> u32 {
  let sign = (h & 0x8000u) << 16u;
  let e = (h >> 10u) & 0x1fu;
  let mant = h & 0x3ffu;
  if (e == 0x1fu) { return sign | 0x7f800000u | (mant << 13u); }
  if (e != 0u) { return sign | ((e + 112u) << 23u) | (mant << 13u); }
  if (mant == 0u) { return sign; }
  let lead = firstLeadingBit(mant);
  return sign | ((lead + 103u) << 23u) | ((mant << (23u - lead)) & 0x7fffffu);
}

fn load(i: u32) -> u32 {
  if (p.dtype == 0u) { return src[i]; }
  let h = (src[i >> 1u] >> ((i & 1u) * 16u)) & 0xffffu;
  if (p.dtype == 1u) { return f16_to_f32(h); }
  return h << 16u;
}

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = gid.x + gid.y * nwg.x * ${WORKGROUP_SIZE}u;
  if (g >= p.groups) { return; }
  let base = g * 32u;
  var w: array<u32, 32>;
  var m = 0u;
  var m_src = 0u;
  var bad = 0u;
  for (var i = 0u; i < 32u; i = i + 1u) {
    var b = load(base + i);
    m_src = max(m_src, b & 0x7fffffffu);
    if ((b & 0x7f800000u) == 0x7f800000u) { bad = 1u; }
    if (p.half_target == 1u) {
      let h = f32_to_f16(b);
      if ((h & 0x7c00u) == 0x7c00u) { bad = 1u; }
      b = f16_to_f32(h);
    }
    w[i] = b;
    m = max(m, b & 0x7fffffffu);
  }
  var s = 0.0;
  var scale_out = 0u;
  if (m >= TINY_BITS && bad == 0u) {
    s = bitcast<f32>(m) * bitcast<f32>(INV7_BITS);
    scale_out = bitcast<u32>(s);
    if (p.half_target == 1u) {
      scale_out = f32_to_f16(bitcast<u32>(s));
      s = bitcast<f32>(f16_to_f32(scale_out));
    }
  }
  qs[g] = scale_out;

  // Error statistics, each group's sums scaled by an exact power of two k (from max |x|) so that squares neither
  // overflow nor flush in f32; the CPU undoes k in f64: [Σ (x k)², Σ (e k)², max |e|, (shift + 127) << 1 | bad].
  let ebits = max((m_src >> 23u) & 0xffu, 1u);
  let shift = clamp(127 - i32(ebits), -126, 126);
  let k = bitcast<f32>(u32(shift + 127) << 23u);
  var sum_sq = 0.0;
  var sum_err = 0.0;
  var max_err = 0.0;

  if (s == 0.0) {
    for (var j = 0u; j < 4u; j = j + 1u) { qw[g * 4u + j] = 0x77777777u; }
    for (var i = 0u; i < 32u; i = i + 1u) {
      let x = bitcast<f32>(load(base + i));
      sum_sq = sum_sq + (x * k) * (x * k);
      max_err = max(max_err, abs(x));
    }
    st[g] = vec4<u32>(bitcast<u32>(sum_sq), bitcast<u32>(sum_sq), bitcast<u32>(max_err), (u32(shift + 127) << 1u) | bad);
    return;
  }

  var t: array<u32, 7>;
  for (var j = 0u; j < 7u; j = j + 1u) { t[j] = bitcast<u32>(HALVES[j] * s); }
  for (var word = 0u; word < 4u; word = word + 1u) {
    var packed = 0u;
    for (var r = 0u; r < 8u; r = r + 1u) {
      let i = word * 8u + r;
      let a = w[i] & 0x7fffffffu;
      var n = 0u;
      for (var j = 0u; j < 7u; j = j + 1u) { n = n + select(0u, 1u, a >= t[j]); }
      let q = select(7u + n, 7u - n, (w[i] >> 31u) == 1u);
      packed = packed | (q << (4u * r));
      let x = bitcast<f32>(load(base + i));
      let e = x - f32(i32(q) - 7) * s;
      sum_sq = sum_sq + (x * k) * (x * k);
      sum_err = sum_err + (e * k) * (e * k);
      max_err = max(max_err, abs(e));
    }
    qw[g * 4u + word] = packed;
  }
  st[g] = vec4<u32>(bitcast<u32>(sum_sq), bitcast<u32>(sum_err), bitcast<u32>(max_err), (u32(shift + 127) << 1u) | bad);
}
`;
