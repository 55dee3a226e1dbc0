/** The CLI: a public client (no secret) that logs in by the device flow, or by password when scripted. */
export const AMCTL_CLIENT_ID = 'amctl';
/** The web console (apps/console): a public client in the browser, authorization code with PKCE. */
export const CONSOLE_CLIENT_ID = 'console';
/** The platform's own clients: their users are not asked to consent to them. */
export const FIRST_PARTY_CLIENTS: readonly string[] = [AMCTL_CLIENT_ID, CONSOLE_CLIENT_ID];
/** The resource indicator of the AppManager API; its tokens carry the audience services check. */
export const API_RESOURCE = 'urn:appmanager:api';
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
