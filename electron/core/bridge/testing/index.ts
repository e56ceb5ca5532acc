// Test helpers for code that talks to the bridge (engine and host integration tests): a real `ws`
// viewer, a minimal RFB client, TCP stand-ins for VNC servers, a test Xvnc and an fd counter.
export { ByteReader, closeOf, connectViewer, refusedStatus, UpgradeRefused, type CloseInfo } from './viewer-client';
export { RfbClient, type ServerInit } from './rfb-client';
export * as rfbMessages from './rfb-bytes';
export { closedPort, freePort, patternBytes, startEchoServer, startSourceServer, startTcpServer, type TestTcpServer } from './tcp-servers';
export { lockFileOf, pointerPosition, startXvnc, xvncAvailable, type TestXvnc } from './xvnc';
export { openSocketCount } from './fds';
export { waitFor } from './raw-client';
export { openNoVncPage, connectVnc, disconnectVnc, type NoVncPage } from './novnc-page';
export { KeyWatcher } from './xev-keys';
