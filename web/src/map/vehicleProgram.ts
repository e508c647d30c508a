// The WebGL program behind the vehicle layer: one point sprite per vehicle, a disc in its trip
// state's colour inside a ring in its worst alert's colour (a thin dark edge without one), drawn
// in a single call from two buffers (positions; state and severity).
import { BACKGROUND_EDGE, rgba, SEVERITY_COLORS, TRIP_STATE_COLORS } from './colors.ts';
import type { Severity, TripState } from '../api/types.ts';

/** Trip states in the order of the shader's colour table (the layer writes their indices). */
export const STATE_ORDER: TripState[] = ['planned', 'sealed', 'confirmed', 'in_transit', 'arrived', 'closed', 'cancelled'];
const SEVERITY_ORDER: Severity[] = ['low', 'medium', 'high', 'critical'];

type GL = WebGLRenderingContext | WebGL2RenderingContext;

const VERTEX = `
precision highp float;
attribute vec2 a_pos;
attribute vec2 a_style;
uniform mat4 u_matrix;
uniform float u_radius;
uniform float u_ratio;
uniform vec4 u_states[7];
uniform vec4 u_severities[4];
uniform vec4 u_edge;
varying vec4 v_fill;
varying vec4 v_ring;
varying float v_inner;
varying float v_outer;
void main() {
  gl_Position = u_matrix * vec4(a_pos, 0.0, 1.0);
  int state = int(a_style.x + 0.5);
  int sev = int(a_style.y + 0.5);
  v_fill = u_states[state];
  float ring = sev > 0 ? 3.5 : 1.0;
  v_ring = sev > 0 ? u_severities[sev - 1] : u_edge;
  float outer = u_radius + ring;
  v_inner = u_radius / outer;
  v_outer = outer * u_ratio;
  gl_PointSize = 2.0 * outer * u_ratio + 2.0;
}`;

const FRAGMENT = `
precision mediump float;
varying vec4 v_fill;
varying vec4 v_ring;
varying float v_inner;
varying float v_outer;
void main() {
  // Distance from the centre in units of the outer radius; the sprite has a pixel of margin.
  float size = v_outer + 1.0;
  float d = length(gl_PointCoord - 0.5) * 2.0 * size / v_outer;
  float aa = 1.0 / v_outer;
  float alpha = 1.0 - smoothstep(1.0 - aa, 1.0 + aa, d);
  if (alpha <= 0.0) discard;
  vec4 c = mix(v_fill, v_ring, smoothstep(v_inner - aa, v_inner + aa, d));
  gl_FragColor = vec4(c.rgb * c.a * alpha, c.a * alpha);
}`;

export interface PointProgram {
  upload(pos: Float32Array, style: Uint8Array): void;
  draw(p: { matrix: Float32Array; count: number; radius: number; pixelRatio: number }): void;
  dispose(): void;
}

function compile(gl: GL, type: number, source: string): WebGLShader {
  const s = gl.createShader(type)!;
  gl.shaderSource(s, source);
  gl.compileShader(s);
  if (!gl.getShaderParameter(s, gl.COMPILE_STATUS)) throw new Error(`vehicle shader: ${gl.getShaderInfoLog(s)}`);
  return s;
}

export function createPointProgram(gl: GL): PointProgram {
  const program = gl.createProgram()!;
  const vs = compile(gl, gl.VERTEX_SHADER, VERTEX);
  const fs = compile(gl, gl.FRAGMENT_SHADER, FRAGMENT);
  gl.attachShader(program, vs);
  gl.attachShader(program, fs);
  gl.linkProgram(program);
  if (!gl.getProgramParameter(program, gl.LINK_STATUS)) throw new Error(`vehicle program: ${gl.getProgramInfoLog(program)}`);
  const aPos = gl.getAttribLocation(program, 'a_pos');
  const aStyle = gl.getAttribLocation(program, 'a_style');
  const u = (name: string) => gl.getUniformLocation(program, name);
  const uMatrix = u('u_matrix');
  const uRadius = u('u_radius');
  const uRatio = u('u_ratio');
  const posBuffer = gl.createBuffer()!;
  const styleBuffer = gl.createBuffer()!;
  gl.useProgram(program);
  gl.uniform4fv(u('u_states'), STATE_ORDER.flatMap((s) => rgba(TRIP_STATE_COLORS[s])));
  gl.uniform4fv(u('u_severities'), SEVERITY_ORDER.flatMap((s) => rgba(SEVERITY_COLORS[s])));
  gl.uniform4fv(u('u_edge'), rgba(BACKGROUND_EDGE));
  let capacity = 0;

  return {
    upload(pos, style) {
      const n = pos.length / 2;
      gl.bindBuffer(gl.ARRAY_BUFFER, posBuffer);
      if (n > capacity) {
        // Grown with room to spare, then refilled in place: no new buffer every refresh.
        capacity = Math.max(64, 2 ** Math.ceil(Math.log2(n)));
        gl.bufferData(gl.ARRAY_BUFFER, capacity * 8, gl.DYNAMIC_DRAW);
        gl.bindBuffer(gl.ARRAY_BUFFER, styleBuffer);
        gl.bufferData(gl.ARRAY_BUFFER, capacity * 2, gl.DYNAMIC_DRAW);
        gl.bindBuffer(gl.ARRAY_BUFFER, posBuffer);
      }
      if (n === 0) return;
      gl.bufferSubData(gl.ARRAY_BUFFER, 0, pos);
      gl.bindBuffer(gl.ARRAY_BUFFER, styleBuffer);
      gl.bufferSubData(gl.ARRAY_BUFFER, 0, style);
    },
    draw({ matrix, count, radius, pixelRatio }) {
      // The map keeps its own vertex array objects bound between its draws: ours must not change them.
      if ('bindVertexArray' in gl) gl.bindVertexArray(null);
      gl.useProgram(program);
      gl.uniformMatrix4fv(uMatrix, false, matrix);
      gl.uniform1f(uRadius, radius);
      gl.uniform1f(uRatio, pixelRatio);
      gl.bindBuffer(gl.ARRAY_BUFFER, posBuffer);
      gl.enableVertexAttribArray(aPos);
      gl.vertexAttribPointer(aPos, 2, gl.FLOAT, false, 0, 0);
      gl.bindBuffer(gl.ARRAY_BUFFER, styleBuffer);
      gl.enableVertexAttribArray(aStyle);
      gl.vertexAttribPointer(aStyle, 2, gl.UNSIGNED_BYTE, false, 0, 0);
      gl.enable(gl.BLEND);
      gl.blendFunc(gl.ONE, gl.ONE_MINUS_SRC_ALPHA);
      gl.disable(gl.DEPTH_TEST);
      gl.drawArrays(gl.POINTS, 0, count);
      gl.disableVertexAttribArray(aPos);
      gl.disableVertexAttribArray(aStyle);
    },
    dispose() {
      gl.deleteBuffer(posBuffer);
      gl.deleteBuffer(styleBuffer);
      gl.deleteProgram(program);
      gl.deleteShader(vs);
      gl.deleteShader(fs);
    },
  };
}
