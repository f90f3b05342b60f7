import { open } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { onnx as OnnxTypes } from 'onnx-proto';
import { onnx } from './proto.ts';
import {
  byteView,
  bytesPerElement,
  elemTypeOf,
  numElements,
  ONNX_DATA_TYPE,
  type ElemType,
  type TensorData,
} from './tensors.ts';

/** A dimension: a fixed size, or a symbolic name (e.g. 'batch') for a dynamic axis. */
export type Dim = number | string;

/** Float attributes must be tagged: a bare number is an INT attribute (and must be an integer). */
export interface FloatAttr {
  kind: 'float';
  value: number;
}
export interface FloatsAttr {
  kind: 'floats';
  value: readonly number[];
}
export type AttrValue = number | readonly number[] | string | FloatAttr | FloatsAttr;

export const float = (value: number): FloatAttr => ({ kind: 'float', value });
export const floats = (value: readonly number[]): FloatsAttr => ({ kind: 'floats', value });

export interface NodeOptions {
  /** Output names, or how many outputs to auto-name (default 1). */
  outputs?: number | readonly string[];
  /** Operator domain: '' (ai.onnx, default) or e.g. 'com.microsoft'. */
  domain?: string;
  name?: string;
}

export interface BuilderOptions {
  graphName?: string;
  /** Opset per domain; defaults to ai.onnx 17 + com.microsoft 1. */
  opsets?: Record<string, number>;
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  metadata?: Record<string, string>;
}

export interface SaveOptions {
  /**
   * Store large initializers in a side file (ONNX external data) instead of inside the protobuf.
   * Needed beyond protobuf's 2 GB, and cheaper in memory at any size: tensors are streamed to
   * disk one at a time, and lazy initializers are generated just-in-time and then dropped.
   * onnxruntime resolves `location` relative to the model file, so load such models by path.
   */
  externalData?: boolean | { location?: string; thresholdBytes?: number; alignBytes?: number };
}

export interface SavedModel {
  modelPath: string;
  dataPath?: string;
  modelBytes: number;
  dataBytes: number;
}

interface Initializer {
  name: string;
  type: ElemType;
  dims: number[];
  data?: TensorData;
  produce?: () => TensorData;
}

interface ExternalRef {
  location: string;
  offset: number;
  length: number;
}

const ATTR = onnx.AttributeProto.AttributeType;
const WRITE_CHUNK = 64 * 1024 * 1024; // fs writes above 2 GB fail; keep each call modest

/** Minimal typed ONNX graph builder over onnx-proto. Nodes must be added in topological order. */
export class OnnxGraphBuilder {
  private readonly inputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly outputs: OnnxTypes.IValueInfoProto[] = [];
  private readonly nodes: OnnxTypes.INodeProto[] = [];
  private readonly inits: Initializer[] = [];
  private readonly names = new Set<string>();
  private readonly opsets: Record<string, number>;
  private counter = 0;

  constructor(private readonly opts: BuilderOptions = {}) {
    this.opsets = opts.opsets ?? { '': 17, 'com.microsoft': 1 };
  }

  /** A fresh value name with the given prefix (unique within this graph). */
  uniqueName(prefix: string): string {
    let name = `${prefix}_${this.counter++}`;
    while (this.names.has(name)) name = `${prefix}_${this.counter++}`;
    return name;
  }

  input(name: string, type: ElemType, dims: readonly Dim[]): string {
    this.claim(name);
    this.inputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** Declares a graph output; some node must produce a value of this name. */
  output(name: string, type: ElemType, dims: readonly Dim[]): string {
    this.outputs.push(valueInfo(name, type, dims));
    return name;
  }

  /** A constant tensor, referenced (not copied) until serialisation. */
  initializer(name: string, data: TensorData, dims: readonly number[], type?: ElemType): string {
    const t = type ?? elemTypeOf(data);
    if (data.length !== numElements(dims)) {
      throw new Error(`initializer ${name}: ${data.length} elements, dims [${dims.join(', ')}]`);
    }
    this.claim(name);
    this.inits.push({ name, type: t, dims: [...dims], data });
    return name;
  }

  /**
   * A constant generated on demand at serialisation time. With external data each tensor is
   * produced, written and released in turn, so peak memory is one tensor rather than the model.
   */
  lazyInitializer(name: string, type: ElemType, dims: readonly number[], produce: () => TensorData): string {
    this.claim(name);
    this.inits.push({ name, type, dims: [...dims], produce });
    return name;
  }

  /** Adds a node; returns its output names. Pass '' for an omitted optional input. */
  node(
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    options: NodeOptions = {},
  ): string[] {
    const domain = options.domain ?? '';
    if (!(domain in this.opsets)) throw new Error(`node ${opType}: domain '${domain}' has no opset import`);
    const name = options.name ?? this.uniqueName(opType);
    const spec = options.outputs ?? 1;
    const outputs =
      typeof spec === 'number' ? Array.from({ length: spec }, (_, i) => `${name}_out${i}`) : [...spec];
    for (const o of outputs) this.claim(o);
    this.nodes.push({
      name,
      opType,
      domain,
      input: [...inputs],
      output: outputs,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outputs;
  }

  /** Single-output convenience over node(). */
  op(
    opType: string,
    inputs: readonly string[],
    attrs: Record<string, AttrValue> = {},
    options: NodeOptions = {},
  ): string {
    return this.node(opType, inputs, attrs, options)[0]!;
  }

  /** Total bytes of initializer data (what the weights cost on disk). */
  get initializerBytes(): number {
    return this.inits.reduce((s, i) => s + numElements(i.dims) * bytesPerElement(i.type), 0);
  }

  /** The ModelProto as plain properties; initializers not in `external` are embedded as raw_data. */
  toModelProto(external: ReadonlyMap<string, ExternalRef> = new Map()): OnnxTypes.IModelProto {
    const initializer = this.inits.map((init): OnnxTypes.ITensorProto => {
      const base = { name: init.name, dims: init.dims, dataType: ONNX_DATA_TYPE[init.type] };
      const ref = external.get(init.name);
      if (ref) {
        return {
          ...base,
          dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
          externalData: [
            { key: 'location', value: ref.location },
            { key: 'offset', value: String(ref.offset) },
            { key: 'length', value: String(ref.length) },
          ],
        };
      }
      return { ...base, rawData: byteView(materialise(init)) };
    });
    return {
      irVersion: 8,
      producerName: this.opts.producerName ?? 'loupe',
      producerVersion: this.opts.producerVersion ?? '0.1.0',
      docString: this.opts.docString ?? '',
      opsetImport: Object.entries(this.opsets).map(([domain, version]) => ({ domain, version })),
      metadataProps: Object.entries(this.opts.metadata ?? {}).map(([key, value]) => ({ key, value })),
      graph: {
        name: this.opts.graphName ?? 'main',
        node: this.nodes,
        input: this.inputs,
        output: this.outputs,
        initializer,
      },
    };
  }

  /** Self-contained model bytes (weights embedded). One copy of the weights is made, into the result. */
  toBytes(): Uint8Array {
    const bytes = onnx.ModelProto.encode(this.toModelProto()).finish();
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Writes the model to `modelPath`, optionally with large initializers in a side file. */
  async save(modelPath: string, options: SaveOptions = {}): Promise<SavedModel> {
    const ext = options.externalData;
    const external = new Map<string, ExternalRef>();
    let dataPath: string | undefined;
    let dataBytes = 0;
    if (ext) {
      const cfg = ext === true ? {} : ext;
      const location = cfg.location ?? `${basename(modelPath)}.data`;
      const threshold = cfg.thresholdBytes ?? 1024;
      const align = cfg.alignBytes ?? 4096; // page-aligned offsets let onnxruntime mmap the weights
      dataPath = join(dirname(modelPath), location);
      const fh = await open(dataPath, 'w');
      try {
        for (const init of this.inits) {
          if (numElements(init.dims) * bytesPerElement(init.type) < threshold) continue;
          const pad = (align - (dataBytes % align)) % align;
          if (pad) await writeAll(fh, new Uint8Array(pad));
          dataBytes += pad;
          const bytes = byteView(init.data ?? materialise(init));
          await writeAll(fh, bytes);
          external.set(init.name, { location, offset: dataBytes, length: bytes.byteLength });
          dataBytes += bytes.byteLength;
        }
      } finally {
        await fh.close();
      }
    }
    const model = onnx.ModelProto.encode(this.toModelProto(external)).finish();
    const mh = await open(modelPath, 'w');
    try {
      await writeAll(mh, model);
    } finally {
      await mh.close();
    }
    return { modelPath, ...(dataPath ? { dataPath } : {}), modelBytes: model.byteLength, dataBytes };
  }

  private claim(name: string): void {
    if (!name) throw new Error('empty value name');
    if (this.names.has(name)) throw new Error(`duplicate value name: ${name}`);
    this.names.add(name);
  }
}

function materialise(init: Initializer): TensorData {
  const data = init.data ?? init.produce?.();
  if (!data) throw new Error(`initializer ${init.name} has no data`);
  if (data.length !== numElements(init.dims)) {
    throw new Error(
      `initializer ${init.name}: produced ${data.length} elements for [${init.dims.join(', ')}]`,
    );
  }
  return data;
}

async function writeAll(fh: Awaited<ReturnType<typeof open>>, bytes: Uint8Array): Promise<void> {
  for (let off = 0; off < bytes.byteLength;) {
    const len = Math.min(WRITE_CHUNK, bytes.byteLength - off);
    const { bytesWritten } = await fh.write(bytes, off, len);
    off += bytesWritten;
  }
}

function valueInfo(name: string, type: ElemType, dims: readonly Dim[]): OnnxTypes.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ONNX_DATA_TYPE[type],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, v: AttrValue): OnnxTypes.IAttributeProto {
  if (typeof v === 'string') return { name, type: ATTR.STRING, s: new TextEncoder().encode(v) };
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new Error(`attribute ${name}: ${v} is not an integer; use float()`);
    return { name, type: ATTR.INT, i: v };
  }
  if (isTagged(v)) {
    return v.kind === 'float'
      ? { name, type: ATTR.FLOAT, f: v.value }
      : { name, type: ATTR.FLOATS, floats: [...v.value] };
  }
  if (!v.every((x) => Number.isInteger(x))) throw new Error(`attribute ${name}: ints must be integers`);
  return { name, type: ATTR.INTS, ints: [...v] };
}

function isTagged(v: AttrValue): v is FloatAttr | FloatsAttr {
  return typeof v === 'object' && 'kind' in v;
}
