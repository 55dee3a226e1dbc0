import { Module } from '@nestjs/common';
import { PollerMembershipService } from './application/poller-membership.service.js';

@Module({ providers: [PollerMembershipService], exports: [PollerMembershipService] })
export class FleetModule {}
