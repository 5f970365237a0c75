// Catches the SDK's wasm instance as the package creates it, so a bench can read the size of
// its linear memory (bench only). Import this before 'enkash-rewards'.
const instances = [];
WebAssembly.Instance = new Proxy(WebAssembly.Instance, {
  construct(target, args) {
    const instance = Reflect.construct(target, args);
    instances.push(instance);
    return instance;
  },
});

/** Bytes of the SDK's wasm memory (the largest instance's memory; it never shrinks), or NaN. */
export function wasmMemoryBytes() {
  let bytes = NaN;
  for (const i of instances) {
    const memory = Object.values(i.exports).find((e) => e instanceof WebAssembly.Memory);
    if (memory && !(memory.buffer.byteLength <= bytes)) bytes = memory.buffer.byteLength;
  }
  return bytes;
}
