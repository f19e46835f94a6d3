/**
 * A child process for the crash tests (killed with SIGKILL by the parent):
 *   writer DATA_DIR        writes customers through the write path in a loop, printing each
 *                          id only after its transaction committed
 *   backup DATA_DIR FOLDER runs a backup and stops before the final rename, printing READY
 */
import crypto from 'node:crypto';
import { openApp } from '../../../main/app';
import { runBackup } from '../../../main/backup/backup.service';
import { insertRecord } from '../../../main/sync/mutate';
import { DEFAULT_USER_ID } from '../../../shared/users';

const [mode = '', dataDir = '', folder = ''] = process.argv.slice(2);
const app = openApp({ dataDir, systemLocale: 'en-US' });

function hang(): never {
  for (;;) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000);
}

if (mode === 'writer') {
  for (let i = 0; ; i++) {
    const id = crypto.randomUUID();
    insertRecord(app.writer, 'customers', id, {
      kind: 'person',
      name: `Crash ${i} ${'x'.repeat(i % 200)}`,
      phones: [],
      emails: [],
      tags: [],
      owner_id: DEFAULT_USER_ID,
    });
    // Printed after the commit returned: the parent may rely on every id it has read.
    process.stdout.write(`${id}\n`);
  }
} else if (mode === 'backup') {
  runBackup(app.db, app.info, {
    folder,
    passphrase: 'a passphrase for the crash',
    compress: true,
    trigger: 'manual',
    keepDaily: 7,
    keepWeekly: 4,
    onStep(step) {
      if (step === 'written') {
        process.stdout.write('READY\n');
        hang();
      }
    },
  });
}
