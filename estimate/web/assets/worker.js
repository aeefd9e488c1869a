// napkin's engine for the static page (napkin serve --export), off the
// page's thread, so a long run never holds up typing. The page sends
// napkin.wasm compiled, then one request at a time as {id, method, path,
// body}; the worker answers {id, body}, the JSON text the server would
// send. A run past its deadline cannot be stopped from inside, so the
// page ends the worker and starts another.
"use strict";
importScripts("wasm_exec.js");

onmessage = (e) => {
  const go = new Go();
  self.napkinReady = () => postMessage({ ready: true });
  WebAssembly.instantiate(e.data.module, go.importObject)
    .then((instance) => go.run(instance))
    .catch((err) => postMessage({ error: String(err.message || err) }));
  onmessage = async (e) => {
    const { id, method, path, body } = e.data;
    try {
      postMessage({ id, body: (await self.napkinAPI(method, path, body)).body });
    } catch (err) {
      postMessage({ id, error: String(err.message || err) });
    }
  };
};
