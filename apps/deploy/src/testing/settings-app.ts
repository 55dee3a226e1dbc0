/**
 * A one-ConfigMap application whose target comes from its own spec (sim-1 / shop / dev, as the deploy test beds
 * register them); the ConfigMap is `settings`, or `<name>-settings` with `ownConfigMap` so apps do not collide.
 */
export const settingsApp = (name: string, options: { ownConfigMap?: boolean } = {}) => ({
  apiVersion: 'appmanager.io/v1',
  kind: 'Application',
  metadata: { name },
  spec: {
    target: { cluster: 'sim-1', namespace: 'shop', stage: 'dev' },
    components: [
      {
        name: 'settings',
        type: 'k8s-objects',
        properties: {
          objects: [
            {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              metadata: { name: options.ownConfigMap ? `${name}-settings` : 'settings' },
              data: { mode: 'demo' },
            },
          ],
        },
      },
    ],
  },
});
