import { Inject, Injectable } from '@nestjs/common';
import type { ComponentInstance } from '../domain/component-instance.js';
import { type ComponentInstanceFilter, ComponentInstanceRepository } from './component-instance.repository.js';

@Injectable()
export class ListComponentInstancesUseCase {
  constructor(@Inject(ComponentInstanceRepository) private readonly instances: ComponentInstanceRepository) {}

  execute(
    filter: ComponentInstanceFilter,
    page: { limit: number; offset: number },
  ): Promise<{ items: ComponentInstance[]; total: number }> {
    return this.instances.list(filter, page);
  }
}
