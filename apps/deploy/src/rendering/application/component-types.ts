/**
 * The type a component is resolved by. AppManager's names (`K8S_MICROSERVICE`, `ABM_HELM`, ...) are
 * aliases declared in the plug-ins' manifests and resolved by the registry like any type, so the
 * component's own type is passed on unchanged; kept as the one place deploy would map a type name.
 */
export function pluginTypeOf(componentType: string): string {
  return componentType;
}
