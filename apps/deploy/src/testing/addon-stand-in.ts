import {
  addonInstanceFailedEvent,
  addonInstanceReadyEvent,
  applyAddonInstanceCommand,
  type ContractData,
  newCloudEvent,
} from '@appmanager/contracts';
import { headers, type NatsConnection } from '@nats-io/transport-node';

type Command = ContractData<typeof applyAddonInstanceCommand>;
export type StandInAnswer = { ready: { outputs: Record<string, unknown>; secret?: { name: string; keys: string[] } } } | { failed: string };

/**
 * Plays the add-on service on the wire for deploy's tests: hears every `addon.cmd.instance.apply.v1` and answers
 * with what `answer` decides (the real service is apps/addon; its own tests drive it).
 */
export function addonStandIn(client: NatsConnection, answer: (command: Command) => StandInAnswer | Promise<StandInAnswer>) {
  const commands: Command[] = [];
  const subscription = client.subscribe(applyAddonInstanceCommand.subject, {
    callback: (_error, msg) => {
      const command = msg.json<{ data: Command }>().data;
      commands.push(command);
      void Promise.resolve(answer(command)).then((decided) => {
        const { requestId, deploymentId, appId, component, cluster, namespace, stage, addonType, addonName } = command;
        const base = { requestId, deploymentId, appId, component, cluster, namespace, ...(stage ? { stage } : {}), addonType, addonName };
        const event =
          'ready' in decided
            ? newCloudEvent(
                addonInstanceReadyEvent.subject,
                {
                  ...base,
                  instanceId: `instance-of-${addonType}-${addonName}`,
                  outputs: decided.ready.outputs,
                  ...(decided.ready.secret ? { secret: decided.ready.secret } : {}),
                  readyAt: new Date().toISOString(),
                },
                { source: 'addon-stand-in' },
              )
            : newCloudEvent(
                addonInstanceFailedEvent.subject,
                { ...base, reason: decided.failed, failedAt: new Date().toISOString() },
                { source: 'addon-stand-in' },
              );
        const h = headers();
        h.set('Nats-Msg-Id', event.id);
        client.publish(event.type, JSON.stringify(event), { headers: h });
      });
    },
  });
  return { commands, stop: () => subscription.unsubscribe() };
}
