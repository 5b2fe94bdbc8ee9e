// A stand-in face worker speaking faceWorkerProtocol without Human, for the pool's own tests:
// workerData.mode says how it behaves ('fatal' at start, 'exit' on the first request, else a
// scripted face whose box is in the coordinates of the image it was sent).
import process from 'node:process';
import { parentPort, workerData } from 'node:worker_threads';

if (workerData.mode === 'fatal') {
  parentPort.postMessage({ type: 'fatal', message: 'models missing' });
} else {
  parentPort.postMessage({ type: 'ready', version: 'scripted', backend: 'none' });
  parentPort.on('message', (request) => {
    if (workerData.mode === 'exit') process.exit(3);
    const face = { box: [10, 5, 20, 25], score: 0.9, rotation: null, mesh: [[4, 6, 1]], embedding: [1, 0] };
    parentPort.postMessage({ type: 'result', id: request.id, faces: [face] });
  });
}
