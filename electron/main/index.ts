// Electron entry point (bundled to dist/electron/main.js).
import { runKioskApp } from './kioskApp';

void runKioskApp();
