import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { DryRunResult } from '@appmanager/plugin-package';
import type { DefinitionKind } from '@appmanager/plugin-sdk';
import { ZodValidationPipe, Permission } from '@appmanager/service-host';
import { DryRunDefinitionUseCase } from '../application/dry-run-definition.use-case.js';
import { ResolveDefinitionUseCase } from '../application/resolve-definition.use-case.js';
import { checksumOf } from '../domain/plugin-package.js';
import { DefinitionView, ResolvedDefinitionView } from './plugin-package.view.js';
import { RegistryErrorsInterceptor } from './registry-errors.interceptor.js';
import { dryRunBodySchema, kindSchema, resolveQuerySchema, type DryRunBody } from './registry.requests.js';

@ApiTags('definitions')
@Controller()
@UseInterceptors(RegistryErrorsInterceptor)
export class DefinitionController {
  constructor(
    @Inject(ResolveDefinitionUseCase) private readonly resolveDefinition: ResolveDefinitionUseCase,
    @Inject(DryRunDefinitionUseCase) private readonly dryRunDefinition: DryRunDefinitionUseCase,
  ) {}

  @Get('definitions/resolve')
  @Permission('plugins:read')
  @ApiOkResponse({ type: ResolvedDefinitionView, description: 'the highest enabled version in the range that defines kind/type' })
  async resolve(
    @Query(new ZodValidationPipe(resolveQuerySchema)) query: { kind: DefinitionKind; type: string; version: string },
  ): Promise<ResolvedDefinitionView> {
    const { pkg, definition, script } = await this.resolveDefinition.execute(query.kind, query.type, query.version);
    return { name: pkg.name, version: pkg.version, checksum: checksumOf(pkg), definition: DefinitionView.of(definition), script };
  }

  /** `POST /v1/plugins/{name}/{version}/definitions/{kind}/{type}:run`; a type containing `/` is sent as %2F. */
  @Post('plugins/:name/:version/definitions/:kind/:typeAndVerb')
  @Permission('plugins:run')
  @HttpCode(200)
  @ApiBody({
    schema: {
      type: 'object',
      required: ['fn'],
      properties: {
        fn: { type: 'string' },
        input: { type: 'object' },
        context: { type: 'object' },
        cluster: { type: 'array' },
        httpResponses: { type: 'object' },
      },
    },
  })
  @ApiOkResponse({ description: 'result, outputs, logs, the fake cluster after the call, and the HTTP requests made' })
  async run(
    @Param('name') name: string,
    @Param('version') version: string,
    @Param('kind', new ZodValidationPipe(kindSchema)) kind: DefinitionKind,
    @Param('typeAndVerb') typeAndVerb: string,
    @Body(new ZodValidationPipe(dryRunBodySchema)) body: DryRunBody,
  ): Promise<DryRunResult> {
    const type = typeAndVerb.endsWith(':run') ? typeAndVerb.slice(0, -':run'.length) : undefined;
    if (!type) throw new NotFoundException(`no such action: use .../definitions/${kind}/<type>:run`);
    return this.dryRunDefinition.execute(name, version, {
      kind,
      type,
      fn: body.fn,
      input: body.input,
      cluster: body.cluster as never,
      httpResponses: body.httpResponses,
      context: body.context ? ({ ...body.context, target: body.context.target } as never) : undefined,
    });
  }
}
