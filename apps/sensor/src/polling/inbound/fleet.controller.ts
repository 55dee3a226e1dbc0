import { Controller, Get, Inject, NotFoundException, Param, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import type { NatsConnection } from '@nats-io/transport-node';
import { NATS_CONNECTION, Permission } from '@appmanager/service-host';
import type { ClusterSensingState } from '../application/fleet-poller.service.js';
import { CLUSTER_SENSING_SUBJECT, FLEET_STATS_SUBJECT } from '../fleet.subjects.js';
import type { PollerReport } from './poller.responder.js';

const GATHER_MS = 400;

/** The poller fleet as its members report it: units, pollers, owned clusters, polls/s, scheduling lag, errors. */
@ApiTags('fleet')
@Controller()
export class FleetController {
  constructor(@Inject(NATS_CONNECTION) private readonly nats: NatsConnection) {}

  @Get('fleet')
  @Permission('fleet:read')
  @ApiOkResponse({ description: 'every live poller answers within 400 ms with its figures; grouped by unit' })
  async fleet(): Promise<{ units: { unit: string; pollers: PollerReport[]; ownedClusters: number; pollsPerSecond: number }[] }> {
    const reports: PollerReport[] = [];
    try {
      for await (const msg of await this.nats.requestMany(FLEET_STATS_SUBJECT, '', { strategy: 'timer', maxWait: GATHER_MS })) {
        try {
          reports.push(JSON.parse(msg.string()) as PollerReport);
        } catch {
          // a garbled answer is left out
        }
      }
    } catch (error) {
      // no poller is running: the fleet is empty, not broken
      if (!isNoResponders(error)) throw error;
    }
    const units = new Map<string, PollerReport[]>();
    for (const report of reports.sort((a, b) => a.pollerId.localeCompare(b.pollerId))) {
      units.set(report.unit, [...(units.get(report.unit) ?? []), report]);
    }
    return {
      units: [...units].map(([unit, pollers]) => ({
        unit,
        pollers,
        ownedClusters: pollers.reduce((sum, p) => sum + p.ownedClusters, 0),
        pollsPerSecond: Math.round(pollers.reduce((sum, p) => sum + p.pollsPerSecond, 0) * 10) / 10,
      })),
    };
  }

  @Get('clusters/:clusterId/sensing')
  @Permission('fleet:read')
  @ApiParam({ name: 'clusterId' })
  @ApiOkResponse({ description: "the owning poller's view: interval, next and last poll, last error, breaker" })
  async sensing(@Param('clusterId') clusterId: string): Promise<ClusterSensingState> {
    let answers: AsyncIterable<{ string(): string }>;
    try {
      answers = await this.nats.requestMany(CLUSTER_SENSING_SUBJECT, clusterId, {
        strategy: 'count',
        maxMessages: 1,
        maxWait: GATHER_MS * 2,
      });
    } catch {
      throw new ServiceUnavailableException('the poller fleet did not answer');
    }
    try {
      for await (const msg of answers) return JSON.parse(msg.string()) as ClusterSensingState;
    } catch (error) {
      if (!isNoResponders(error)) throw error;
      throw new NotFoundException(`no poller is running, so none owns cluster "${clusterId}"`);
    }
    throw new NotFoundException(`no live poller owns cluster "${clusterId}" (unknown cluster, no credentials, or no poller in its unit)`);
  }
}

const isNoResponders = (error: unknown): boolean =>
  /no responders/i.test(String((error as Error)?.message ?? error)) || (error as { code?: string })?.code === '503';
