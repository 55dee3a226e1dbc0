import type { MessageContract, RequestContract } from './contract.js';
import { mutationRecordedEvent } from './audit/audit.contracts.js';
import { defineConsumer } from './contract.js';
import { clusterCredentialsRequest } from './env/cluster-credentials.contracts.js';
import {
  appPackageCreatedEvent,
  appPackageTaskStateChangedEvent,
  componentPackageTaskStateChangedEvent,
  resolveAppPackageRequest,
} from './build/build.contracts.js';
import {
  addonInstanceFailedEvent,
  addonInstanceReadyEvent,
  addonInstanceReleasedEvent,
  applyAddonInstanceCommand,
} from './addon/addon.contracts.js';
import { clusterRegisteredEvent, clusterRemovedEvent } from './env/cluster.contracts.js';
import {
  appInstanceDeletedEvent,
  componentAppliedEvent,
  componentRemovedEvent,
  deploymentFailedEvent,
  deploymentRejectedEvent,
  deploymentStartedEvent,
  deploymentSucceededEvent,
  launchDeploymentCommand,
  undeployAppInstanceCommand,
} from './deploy/deployment.contracts.js';
import { deploymentNodeStateChangedEvent, deploymentStateChangedEvent, resumeDeploymentCommand } from './deploy/orchestration.contracts.js';
import {
  appInstanceChangedEvent,
  clusterReachableEvent,
  clusterUnreachableEvent,
  componentInstanceChangedEvent,
} from './state/state.contracts.js';
import { pluginDeletedEvent, pluginDisabledEvent, pluginEnabledEvent, pluginInstalledEvent } from './plugin/plugin.contracts.js';

/** Every message type the platform knows; docs/events.md is generated from this list. */
export const allContracts: readonly MessageContract[] = [
  mutationRecordedEvent,
  launchDeploymentCommand,
  deploymentStartedEvent,
  deploymentSucceededEvent,
  deploymentFailedEvent,
  deploymentRejectedEvent,
  undeployAppInstanceCommand,
  appInstanceDeletedEvent,
  componentAppliedEvent,
  componentRemovedEvent,
  deploymentStateChangedEvent,
  deploymentNodeStateChangedEvent,
  resumeDeploymentCommand,
  pluginInstalledEvent,
  pluginEnabledEvent,
  pluginDisabledEvent,
  pluginDeletedEvent,
  clusterRegisteredEvent,
  clusterRemovedEvent,
  componentInstanceChangedEvent,
  appInstanceChangedEvent,
  clusterUnreachableEvent,
  clusterReachableEvent,
  applyAddonInstanceCommand,
  addonInstanceReadyEvent,
  addonInstanceFailedEvent,
  addonInstanceReleasedEvent,
  appPackageTaskStateChangedEvent,
  componentPackageTaskStateChangedEvent,
  appPackageCreatedEvent,
];

/** Every core NATS request/reply; listed in docs/events.md after the messages. */
export const allRequests: readonly RequestContract[] = [clusterCredentialsRequest, resolveAppPackageRequest];

/**
 * Durable consumers, named once here: each is created by the handler that names it. The plug-in events
 * have none: every deploy replica's plug-in catalog hears them on a plain NATS subscription.
 */
export const consumers = {
  deployLaunchDeployment: defineConsumer('deploy', launchDeploymentCommand),
  deployResumeDeployment: defineConsumer('deploy', resumeDeploymentCommand),
  deployUndeployAppInstance: defineConsumer('deploy', undeployAppInstanceCommand),
  sensorClusterRegistered: defineConsumer('sensor', clusterRegisteredEvent),
  sensorClusterRemoved: defineConsumer('sensor', clusterRemovedEvent),
  sensorComponentApplied: defineConsumer('sensor', componentAppliedEvent),
  sensorComponentRemoved: defineConsumer('sensor', componentRemovedEvent),
  sensorComponentInstanceChanged: defineConsumer('sensor', componentInstanceChangedEvent),
  addonApplyInstance: defineConsumer('addon', applyAddonInstanceCommand),
  addonAppInstanceDeleted: defineConsumer('addon', appInstanceDeletedEvent),
  deployAddonInstanceReady: defineConsumer('deploy', addonInstanceReadyEvent),
  deployAddonInstanceFailed: defineConsumer('deploy', addonInstanceFailedEvent),
} as const;

export function contractFor(subject: string): MessageContract | undefined {
  return allContracts.find((contract) => contract.subject === subject);
}
