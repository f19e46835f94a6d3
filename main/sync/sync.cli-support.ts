/**
 * Defaults the command line picks when `pishkhan sync --folder DIR` sets sync up without
 * `--name` or `--series`: a device name from the host name, and an invoice series prefix no
 * other device in the folder uses. Read-only: nothing in the folder is written here.
 */
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SERIES_PREFIX } from '../../shared/billing/billing.schema';
import { folderTransport, isDeviceId, readManifest, SYNC_DIR, type Manifest } from './sync.files';
import { freeSeriesPrefix } from './sync.service';

/** Longest device name the setup accepts (deviceNameSchema). */
const MAX_NAME = 60;

/** `<host name>-<first 4 characters of the device id>`, e.g. `shop-pc-3fa1`. */
export function defaultDeviceName(deviceId: string, hostName: string = os.hostname()): string {
  const suffix = deviceId.slice(0, 4);
  const host = hostName.trim().replace(/\s+/g, ' ') || 'pishkhan';
  return `${host.slice(0, MAX_NAME - suffix.length - 1)}-${suffix}`;
}

/**
 * Manifests of the other, not retired, devices in `<folder>/Pishkhan-Sync`; empty when the folder
 * has no sync folder yet or cannot be read (setting up reports the folder's problem itself).
 */
export function folderDevices(folder: string, ownDeviceId: string): Manifest[] {
  try {
    const transport = folderTransport(path.join(path.resolve(folder), SYNC_DIR));
    const ids = new Set([...transport.list('devices'), ...transport.list('log')].filter(isDeviceId));
    ids.delete(ownDeviceId);
    const manifests = [...ids]
      .sort()
      .map((id) => readManifest(transport, id))
      .filter((m): m is Manifest => m !== null);
    const retired = new Set(manifests.flatMap((m) => m.retired));
    return manifests.filter((m) => !retired.has(m.device));
  } catch {
    return [];
  }
}

/** The series prefix this device keeps when it is free in the folder, else the next free one. */
export function defaultSeriesPrefix(folder: string, ownDeviceId: string, current = DEFAULT_SERIES_PREFIX): string {
  const taken = new Set(folderDevices(folder, ownDeviceId).map((m) => m.seriesPrefix));
  return freeSeriesPrefix(taken, current);
}
