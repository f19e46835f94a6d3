/**
 * The desktop shell: the only module that imports electron. One sandboxed window shows the built
 * renderer from out/renderer; everything it asks for goes through one `rpc` channel to the app
 * core (main/app.ts), after the sender frame is checked. Every decision that can be made without
 * Electron lives in ./security, ./messages and ./startup-error, where it is tested.
 *
 * Started by `npm start` (main/launcher.ts), which passes the better-sqlite3 binding built for
 * Electron's ABI in PISHKHAN_SQLITE_BINDING; a packaged app uses the default binding, which
 * electron-builder rebuilt for Electron.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  Notification,
  safeStorage,
  session,
  shell,
  type IpcMainInvokeEvent,
  type MenuItemConstructorOptions,
} from 'electron';
import { openApp, type App } from '../app';
import { warmDuplicateIndex } from '../features/duplicates/duplicate.index';
import { watchReminders, type ReminderNotifier, type ReminderWatch } from '../features/reminders/reminder.scheduler';
import { startBackupScheduler, type BackupPorts, type BackupScheduler } from '../backup/backup.runtime';
import { startSyncScheduler, type SyncScheduler } from '../sync/sync.runtime';
import { EVENT_NAMES } from '../../shared/contract';
import { dataDirFromArgs } from '../paths';
import { CONTENT_SECURITY_POLICY } from '../csp';
import type { RpcResult } from '../../shared/errors';
import { EVENTS_CHANNEL, RPC_CHANNEL, isRpcRequest, type EventMessage } from './messages';
import { isSafeExternalUrl, isTrustedSenderUrl, requestDecision, withContentSecurityPolicy } from './security';
import { describeStartupError } from './startup-error';
import { setPdfPrinter } from '../documents/pdf-port';
import { electronPdfPrinter } from './pdf-printer';

const here = path.dirname(fileURLToPath(import.meta.url)); // out/main
const rendererDir = path.resolve(here, '../renderer');
const indexHtml = path.join(rendererDir, 'index.html');
const preloadFile = path.resolve(here, '../preload/preload.cjs');

let mainWindow: BrowserWindow | null = null;
let core: App | null = null;
let reminders: ReminderWatch | null = null;
let backups: BackupScheduler | null = null;
let syncs: SyncScheduler | null = null;

function focusWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** The frame may call `rpc` only if it is our window's main frame showing our index.html. */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!mainWindow || mainWindow.isDestroyed() || !frame) return false;
  const contents = mainWindow.webContents;
  return event.sender === contents && frame === contents.mainFrame && isTrustedSenderUrl(frame.url, indexHtml);
}

function handleRpc(event: IpcMainInvokeEvent, message: unknown): RpcResult<unknown> {
  if (!isTrustedSender(event)) {
    console.warn(`[pishkhan] refused an rpc message from ${event.senderFrame?.url ?? 'a destroyed frame'}`);
    return { ok: false, error: { code: 'forbidden_sender' } };
  }
  if (!isRpcRequest(message)) {
    return { ok: false, error: { code: 'validation', issues: [{ field: 'input', code: 'invalid' }] } };
  }
  if (!core) return { ok: false, error: { code: 'internal', params: { detail: 'not ready' } } };
  return core.dispatch(message.method, message.input);
}

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) => {
    const cancel = requestDecision(details.url, rendererDir) === 'cancel';
    if (cancel) console.warn(`[pishkhan] blocked a request to ${details.url}`);
    callback({ cancel });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders, CONTENT_SECURITY_POLICY) });
  });
}

function buildMenu(): void {
  const isMac = process.platform === 'darwin';
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    { role: 'forceReload' },
    ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' } as const] : [{ role: 'fileMenu' } as const]),
    // Edit roles make copy, paste and select-all work (on macOS only through the menu).
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Pishkhan',
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  const contents = win.webContents;
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(pathToFileURL(indexHtml).href);
  return win;
}

function forwardEvents(appCore: App): void {
  for (const event of EVENT_NAMES) {
    appCore.on(event, (payload) => {
      if (!mainWindow || mainWindow.isDestroyed()) return;
      const message: EventMessage = { event, payload };
      mainWindow.webContents.send(EVENTS_CHANNEL, message);
    });
  }
}

/** OS notifications for reminders; clicking one brings the window forward. */
const osNotifier: ReminderNotifier = {
  notify({ title, body }) {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title, body });
    notification.on('click', focusWindow);
    notification.show();
  },
};

/** Native dialogs and the OS secret store (DPAPI, Keychain, libsecret) for backups; after ready. */
const backupPorts = (): BackupPorts => ({
  dialogs: {
    pickFolder: () =>
      (mainWindow
        ? dialog.showOpenDialogSync(mainWindow, { properties: ['openDirectory', 'createDirectory'] })
        : undefined)?.[0] ?? null,
    pickFile: () =>
      (mainWindow
        ? dialog.showOpenDialogSync(mainWindow, {
            properties: ['openFile'],
            filters: [{ name: 'Pishkhan backup', extensions: ['pishkhan-backup'] }],
          })
        : undefined)?.[0] ?? null,
  },
  sealer: safeStorage.isEncryptionAvailable()
    ? {
        seal: (secret) => safeStorage.encryptString(secret).toString('base64'),
        open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
      }
    : null,
});

function closeCore(): void {
  reminders?.stop();
  reminders = null;
  // On quit: a backup when automatic backups are on and the last one is older than a day.
  backups?.beforeQuit();
  backups?.stop();
  backups = null;
  // On quit: a last sync round when a folder is set, so the other devices see today's work.
  syncs?.stop();
  syncs?.beforeQuit();
  syncs = null;
  const open = core;
  core = null;
  open?.close();
}

async function start(): Promise<void> {
  await app.whenReady();
  const dataDir = dataDirFromArgs(process.argv) ?? app.getPath('userData');
  const nativeBinding = app.isPackaged ? undefined : process.env.PISHKHAN_SQLITE_BINDING;
  try {
    core = openApp({
      dataDir,
      systemLocale: app.getLocale(),
      ...(nativeBinding ? { nativeBinding } : {}),
    });
  } catch (error) {
    const text = describeStartupError(error, dataDir, app.getLocale());
    console.error(`[pishkhan] ${text.message}\n${text.detail}`);
    dialog.showErrorBox(text.title, `${text.message}\n\n${text.detail}`);
    app.exit(1);
    return;
  }
  forwardEvents(core);
  warmDuplicateIndex(core);
  reminders = watchReminders(core, { notifier: osNotifier });
  backups = startBackupScheduler(core, backupPorts());
  syncs = startSyncScheduler(core);
  hardenSession();
  setPdfPrinter(electronPdfPrinter());
  ipcMain.handle(RPC_CHANNEL, handleRpc);
  buildMenu();
  mainWindow = createWindow();
  app.on('activate', () => {
    if (!mainWindow) mainWindow = createWindow();
    else focusWindow();
  });
}

if (!app.requestSingleInstanceLock()) {
  // Another Pishkhan owns this profile; it is told (second-instance) and comes to the front.
  app.quit();
} else {
  app.on('second-instance', focusWindow);
  // Nothing else may ever create web contents with weaker settings.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', closeCore);
  start().catch((error: unknown) => {
    console.error('[pishkhan] the shell failed to start:', error);
    dialog.showErrorBox('Pishkhan', error instanceof Error ? error.message : String(error));
    closeCore();
    app.exit(1);
  });
}
