/** Worker thread of `PlacementPreparer`: judges and prepares slices of a placement file. */
import { PiiCipher, PiiKeyring } from '../common/pii/pii-cipher';
import { serveWorkerTasks } from '../common/workers/worker-pool';
import { CsvRowsTask, judgeCsvRows } from './placement-prepare';

serveWorkerTasks(
  (data) => {
    // Buffers arrive as Uint8Arrays after the structured clone.
    const { keys, activeKeyId, blindIndexKey } = data as { keys: Map<string, Uint8Array>; activeKeyId: string; blindIndexKey: Uint8Array };
    const keyring: PiiKeyring = { keys: new Map([...keys].map(([id, key]) => [id, Buffer.from(key)])), activeKeyId, blindIndexKey: Buffer.from(blindIndexKey) };
    return { cipher: new PiiCipher(keyring), fingerprintKey: keyring.blindIndexKey };
  },
  (task: CsvRowsTask, { cipher, fingerprintKey }) => judgeCsvRows(task, cipher, fingerprintKey),
);
