import faceapiDefault from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import * as faceapiNs from '@vladmandic/face-api/dist/face-api.node-wasm.js';
const tf = faceapiDefault.tf as any;
console.log(typeof faceapiDefault.nets, typeof (faceapiNs as any).nets, typeof tf.setWasmPaths, typeof tf.setThreadsCount, typeof tf.memory, faceapiDefault.version);
