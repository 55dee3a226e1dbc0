// The public surface of @appmanager/contracts: the envelope, the subject scheme, every message
// contract and durable consumer name. Depends on nothing of ours.
export { cloudEventSchema, newCloudEvent, type CloudEvent, type NewEventOptions } from './envelope.js';
export {
  allStreams,
  deadLetterStream,
  deadLetterSubject,
  domains,
  parseSubject,
  streamFor,
  type Domain,
  type MessageKind,
  type StreamSpec,
  type SubjectParts,
} from './subjects.js';
export {
  defineConsumer,
  defineContract,
  defineRequest,
  type ConsumerSpec,
  type ContractData,
  type MessageContract,
  type RequestContract,
} from './contract.js';
export { allContracts, allRequests, consumers, contractFor } from './catalog.js';
export {
  appPackageCreatedEvent,
  appPackageTaskStates,
  appPackageTaskStateChangedEvent,
  componentPackageTaskStates,
  componentPackageTaskStateChangedEvent,
  resolveAppPackageReplySchema,
  resolveAppPackageRequest,
  resolveAppPackageRequestSchema,
  resolvedComponentSchema,
} from './build/build.contracts.js';
export {
  appInstanceDeletedEvent,
  componentAppliedEvent,
  componentRemovedEvent,
  deploymentFailedEvent,
  deploymentRejectedEvent,
  deploymentStartedEvent,
  deploymentSucceededEvent,
  deploymentTarget,
  launchDeploymentCommand,
  undeployAppInstanceCommand,
} from './deploy/deployment.contracts.js';
export { deploymentNodeStateChangedEvent, deploymentStateChangedEvent, resumeDeploymentCommand } from './deploy/orchestration.contracts.js';
export {
  definitionKind,
  pluginDeletedEvent,
  pluginDisabledEvent,
  pluginEnabledEvent,
  pluginInstalledEvent,
} from './plugin/plugin.contracts.js';
export { clusterRegisteredEvent, clusterRemovedEvent, clusterSensingModes } from './env/cluster.contracts.js';
export {
  clusterAccessSchema,
  clusterCredentialsKeyPurpose,
  clusterCredentialsMaxIds,
  clusterCredentialsPayloadSchema,
  clusterCredentialsRefusalCodes,
  clusterCredentialsReplySchema,
  clusterCredentialsRequest,
  clusterCredentialsRequestSchema,
} from './env/cluster-credentials.contracts.js';
export {
  appInstanceChangedEvent,
  appInstanceStatus,
  clusterReachableEvent,
  clusterUnreachableEvent,
  componentInstanceChangedEvent,
  componentInstanceStatus,
} from './state/state.contracts.js';
export { appliedFieldsOf, driftedFields, hashOfFields, type AppliedFields } from './deploy/applied-fields.js';
export {
  addonInstanceFailedEvent,
  addonInstanceReadyEvent,
  addonInstanceReleasedEvent,
  applyAddonInstanceCommand,
} from './addon/addon.contracts.js';
export { canonicalJson } from './canonical-json.js';
export { auditRecordSchema, mutationRecordedEvent, type AuditRecord } from './audit/audit.contracts.js';
export {
  apiTokensBucket,
  appProjectsBucket,
  auditSubject,
  natsPermissions,
  outsideCommands,
  outsideInboxPrefix,
  outsideUser,
  platformServices,
  servicesNamedIn,
  type NatsServiceFacts,
  type NatsUserPermissions,
  type SubjectPermission,
} from './nats/nats-permissions.js';
export { natsPasswordVariable, renderNatsAuthorization, type PasswordFromEnv } from './nats/nats-server-config.js';
