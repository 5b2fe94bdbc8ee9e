// A face-analysis worker thread: one Human instance, one request at a time (the pool never sends
// a second before the first is answered). Started by faceWorkerPool.ts; bundled as its own entry
// (dist/electron/faceWorker.js) by scripts/build-main.mjs.
import { parentPort } from 'node:worker_threads';
import { errorMessage } from '../../common/errorMessage';
import { detectHumanFaces } from '../faces/humanFaceEngine';
import type { FaceWorkerReply, FaceWorkerRequest } from './faceWorkerProtocol';
import { loadHuman } from './humanLoader';

const port = parentPort;
if (!port) throw new Error('faceWorker runs as a worker thread started by faceWorkerPool');
const reply = (message: FaceWorkerReply): void => port.postMessage(message);

try {
  const human = await loadHuman();
  port.on('message', (request: FaceWorkerRequest) => {
    detectHumanFaces(human, request).then(
      (faces) => reply({ type: 'result', id: request.id, faces }),
      (err: unknown) => reply({ type: 'error', id: request.id, message: errorMessage(err) }),
    );
  });
  reply({ type: 'ready', version: human.version, backend: human.tf.getBackend() });
} catch (err) {
  reply({ type: 'fatal', message: errorMessage(err) });
}
