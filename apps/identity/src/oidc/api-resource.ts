/** The CLI: a public client (no secret) that logs in by the device flow, or by password when scripted. */
export const AMCTL_CLIENT_ID = 'amctl';
/** The resource indicator of the AppManager API; its tokens carry the audience services check. */
export const API_RESOURCE = 'urn:appmanager:api';
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
