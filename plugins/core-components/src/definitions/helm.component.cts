import type { ComponentPlugin } from '@appmanager/plugin-sdk';

/**
 * Helm charts cannot be rendered here: rendering needs the helm binary on the host (a sandboxed
 * plug-in has no process or file system), and this platform has neither a helm binary nor a host
 * capability that would run it. Every call fails with this message, so an application using the type
 * learns why and what to do instead, rather than getting "unknown component type".
 */
const UNSUPPORTED =
  'helm charts are not supported on this platform: rendering needs a helm binary on the host, which it does not have. ' +
  'Render the chart with `helm template` and deploy the output with the k8s-objects component type.';

function refuse(): never {
  throw new Error(UNSUPPORTED);
}

export const render: ComponentPlugin['render'] = () => refuse();
export const apply: ComponentPlugin['apply'] = () => refuse();
export const status: ComponentPlugin['status'] = () => ({ state: 'ERROR', message: UNSUPPORTED });
export const destroy: ComponentPlugin['destroy'] = () => ({ deleted: [] });
