/** AppManager's built-in type names, mapped to the built-in plug-ins that play their part here. */
const legacyTypes: Readonly<Record<string, string>> = {
  K8S_MICROSERVICE: 'microservice',
  MICROSERVICE: 'microservice',
  K8S_JOB: 'job',
  HELM: 'helm',
  ABM_HELM: 'helm',
  ABM_KUSTOMIZE: 'kustomize',
};

export function pluginTypeOf(componentType: string): string {
  return legacyTypes[componentType] ?? componentType;
}
