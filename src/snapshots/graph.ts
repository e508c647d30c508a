// An object graph as flat data and back: the engine's state is records pointing at each other
// (a trip at its seals, a seal at its device and trip, the wake-up heap at trips and devices),
// with Maps, Sets, typed arrays sharing buffers and numbers JSON cannot hold (NaN, ±Infinity, -0).
// v8.serialize keeps all of that except the classes, and the engine's records are classes (their
// accessors live on the prototype): so the graph is flattened here into nodes that name their
// class, v8.serialize writes the nodes, and decoding allocates each record on its class's
// prototype and fills its fields in the order they were written (so restored records share one
// hidden class).
//
// Only registered classes are written: an instance of any other class, a function, a symbol-keyed
// property or a BigInt stops the encoding with an error naming it, rather than writing something
// that would read back as a different thing.

/**
 * A class the graph may hold. Written field by field (allocated on its prototype when read), or,
 * with encode/decode, as one v8-serialisable value without references into the graph.
 */
export interface ClassEntry {
  name: string;
  proto: object;
  encode?(value: object): unknown;
  decode?(raw: unknown): object;
}

export class ClassRegistry {
  private readonly byProto = new Map<object, ClassEntry>();
  private readonly byName = new Map<string, ClassEntry>();

  add(entry: ClassEntry): this {
    if (this.byProto.has(entry.proto)) return this;
    if (this.byName.has(entry.name)) throw new Error(`snapshot class name ${entry.name} is registered twice`);
    this.byProto.set(entry.proto, entry);
    this.byName.set(entry.name, entry);
    return this;
  }

  ofProto(proto: object): ClassEntry | undefined {
    return this.byProto.get(proto);
  }

  ofName(name: string): ClassEntry | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}

/** The flattened graph: node 0 is the root; a reference to node i is written as the BigInt i. */
export interface FlatGraph {
  /** Per object shape: its class name ('' for a plain object), then its keys in order. */
  shapes: string[][];
  nodes: unknown[][];
}

// Node tags (first element of each node).
const OBJ = 0;
const ARR = 1;
const MAP = 2;
const SET = 3;
const VIEW = 4;
const BUF = 5;
const CUSTOM = 6;
const DATE = 7;

const VIEWS: Record<string, new (buf: ArrayBuffer, offset: number, length: number) => ArrayBufferView> = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray,
};

export class SnapshotGraphError extends Error {}

export function flatten(root: object, registry: ClassRegistry): FlatGraph {
  const ids = new Map<object, number>();
  const queue: object[] = [];
  const shapes: string[][] = [];
  const shapeIds = new Map<string, number>();
  // Where each node was first met (its parent node and the key there): paths are spelled out only
  // for an error message, not built for every reference.
  const parent: number[] = [];
  const via: unknown[] = [];
  let current = -1;
  let key: unknown = null;

  const where = (id: number, last?: unknown): string => {
    const parts: string[] = last === undefined ? [] : [String(last)];
    for (let i = id; i > 0; i = parent[i]) parts.push(String(via[i]));
    return ['root', ...parts.reverse()].join('.');
  };

  const ref = (v: unknown): unknown => {
    switch (typeof v) {
      case 'number': case 'string': case 'boolean': case 'undefined':
        return v;
      case 'object': {
        if (v === null) return null;
        let id = ids.get(v);
        if (id === undefined) {
          id = queue.length;
          ids.set(v, id);
          queue.push(v);
          parent.push(current);
          via.push(key);
        }
        return BigInt(id);
      }
      default:
        throw new SnapshotGraphError(`cannot snapshot a ${typeof v} at ${where(current, key)}`);
    }
  };

  const shape = (className: string, keys: string[]): number => {
    const sig = `${className}\u0000${keys.join('\u0000')}`;
    let id = shapeIds.get(sig);
    if (id === undefined) {
      id = shapes.length;
      shapes.push([className, ...keys]);
      shapeIds.set(sig, id);
    }
    return id;
  };

  ref(root);
  const nodes: unknown[][] = [];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i] as Record<string, unknown>;
    current = i;
    const proto = Object.getPrototypeOf(v) as object | null;
    if (Array.isArray(v)) {
      const node: unknown[] = [ARR];
      for (let j = 0; j < v.length; j++) {
        key = j;
        node.push(ref(v[j]));
      }
      nodes.push(node);
    } else if (proto === Map.prototype) {
      const node: unknown[] = [MAP];
      for (const [k, x] of v as unknown as Map<unknown, unknown>) {
        key = k;
        node.push(ref(k), ref(x));
      }
      nodes.push(node);
    } else if (proto === Set.prototype) {
      const node: unknown[] = [SET];
      key = 'item';
      for (const x of v as unknown as Set<unknown>) node.push(ref(x));
      nodes.push(node);
    } else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const ctor = (v as object).constructor.name;
      if (VIEWS[ctor] === undefined || Object.getPrototypeOf(v) !== VIEWS[ctor].prototype) throw new SnapshotGraphError(`cannot snapshot a ${ctor} at ${where(i)}`);
      const view = v as unknown as { buffer: ArrayBuffer; byteOffset: number; length: number };
      key = 'buffer';
      nodes.push([VIEW, ctor, ref(view.buffer), view.byteOffset, view.length]);
    } else if (proto === ArrayBuffer.prototype) {
      nodes.push([BUF, (v as unknown as ArrayBuffer).slice(0)]);
    } else if (proto === Date.prototype) {
      nodes.push([DATE, (v as unknown as Date).getTime()]);
    } else if (proto === Object.prototype) {
      nodes.push(fields(v, ''));
    } else {
      const entry = proto === null ? undefined : registry.ofProto(proto);
      const name = proto === null ? 'an object without prototype' : `an instance of ${(v as object).constructor?.name ?? '?'}`;
      if (entry === undefined) throw new SnapshotGraphError(`cannot snapshot ${name} at ${where(i)}: its class is not registered (src/snapshots/classes.ts)`);
      if (entry.encode) nodes.push([CUSTOM, entry.name, entry.encode(v)]);
      else nodes.push(fields(v, entry.name));
    }
  }
  return { shapes, nodes };

  function fields(v: Record<string, unknown>, className: string): unknown[] {
    if (Object.getOwnPropertySymbols(v).length > 0) throw new SnapshotGraphError(`cannot snapshot symbol-keyed properties at ${where(current)}`);
    const keys = Object.keys(v);
    const node: unknown[] = [OBJ, shape(className, keys)];
    for (const k of keys) {
      key = k;
      node.push(ref(v[k]));
    }
    return node;
  }
}

/** Rebuilds the graph flatten() wrote; throws on anything it would have to guess. */
export function unflatten(graph: FlatGraph, registry: ClassRegistry): unknown {
  const { shapes, nodes } = graph;
  if (!Array.isArray(shapes) || !Array.isArray(nodes) || nodes.length === 0) throw new SnapshotGraphError('snapshot graph is malformed');
  const objs: unknown[] = new Array(nodes.length);
  const deref = (x: unknown): unknown => {
    if (typeof x !== 'bigint') return x;
    const i = Number(x);
    if (!(i >= 0 && i < objs.length)) throw new SnapshotGraphError(`snapshot graph refers to node ${i} of ${objs.length}`);
    return objs[i];
  };
  // Buffers and classes first: views need their buffer, fields need every object to exist.
  nodes.forEach((n, i) => {
    switch (n[0]) {
      case OBJ: {
        const s = shapes[n[1] as number];
        if (!s) throw new SnapshotGraphError(`snapshot graph names an unknown shape ${String(n[1])}`);
        if (s[0] === '') objs[i] = {};
        else {
          const entry = registry.ofName(s[0]);
          if (!entry || entry.decode) throw new SnapshotGraphError(`snapshot names class ${s[0]}, which this version does not know`);
          objs[i] = Object.create(entry.proto);
        }
        break;
      }
      case ARR: objs[i] = []; break;
      case MAP: objs[i] = new Map(); break;
      case SET: objs[i] = new Set(); break;
      case BUF: objs[i] = n[1]; break;
      case DATE: objs[i] = new Date(n[1] as number); break;
      case CUSTOM: {
        const entry = registry.ofName(n[1] as string);
        if (!entry?.decode) throw new SnapshotGraphError(`snapshot names class ${String(n[1])}, which this version does not know`);
        objs[i] = entry.decode(n[2]);
        break;
      }
      case VIEW: break;
      default: throw new SnapshotGraphError(`snapshot graph has a node of unknown kind ${String(n[0])}`);
    }
  });
  nodes.forEach((n, i) => {
    if (n[0] !== VIEW) return;
    const Ctor = VIEWS[n[1] as string];
    const buf = deref(n[2]);
    if (!Ctor || !(buf instanceof ArrayBuffer)) throw new SnapshotGraphError(`snapshot graph has a bad ${String(n[1])}`);
    objs[i] = new Ctor(buf, n[3] as number, n[4] as number);
  });
  nodes.forEach((n, i) => {
    const o = objs[i];
    switch (n[0]) {
      case OBJ: {
        const keys = shapes[n[1] as number];
        if (keys.length !== n.length - 1) throw new SnapshotGraphError(`snapshot node ${i} does not match its shape`);
        const rec = o as Record<string, unknown>;
        for (let k = 1; k < keys.length; k++) rec[keys[k]] = deref(n[k + 1]);
        break;
      }
      case ARR: {
        const arr = o as unknown[];
        for (let k = 1; k < n.length; k++) arr.push(deref(n[k]));
        break;
      }
      case MAP: {
        const map = o as Map<unknown, unknown>;
        for (let k = 1; k < n.length; k += 2) map.set(deref(n[k]), deref(n[k + 1]));
        break;
      }
      case SET: {
        const set = o as Set<unknown>;
        for (let k = 1; k < n.length; k++) set.add(deref(n[k]));
        break;
      }
      default: break;
    }
  });
  return objs[0];
}
