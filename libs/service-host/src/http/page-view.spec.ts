import 'reflect-metadata';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiOkResponse, ApiProperty, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ApiPageQuery, PageViewOf, pageViewOf } from './page-view.js';

class WidgetView {
  @ApiProperty() name!: string;
}

class WidgetPageView extends PageViewOf(WidgetView) {}

@Controller('widgets')
class WidgetController {
  @Get()
  @ApiPageQuery()
  @ApiOkResponse({ type: WidgetPageView })
  list(): WidgetPageView {
    return { items: [], total: 0, limit: 100, offset: 0 };
  }
}

@Module({ controllers: [WidgetController] })
class WidgetModule {}

describe(PageViewOf.name, () => {
  it('documents a list endpoint: its own page schema of items, and limit/offset with the bounds the parser enforces', async () => {
    const app = await NestFactory.create(WidgetModule, { logger: false });
    try {
      const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
      const schema = document.components?.schemas?.['WidgetPageView'] as { properties: Record<string, unknown>; required: string[] };
      assert.deepEqual(schema.properties['items'], { type: 'array', items: { $ref: '#/components/schemas/WidgetView' } });
      assert.deepEqual([...schema.required].sort(), ['items', 'limit', 'offset', 'total']);
      const parameters = document.paths['/widgets']?.get?.parameters as { name: string; schema: unknown }[];
      assert.deepEqual(
        parameters.map((p) => [p.name, p.schema]),
        [
          ['limit', { type: 'integer', minimum: 1, maximum: 500, default: 100 }],
          ['offset', { type: 'integer', minimum: 0, default: 0 }],
        ],
      );
    } finally {
      await app.close();
    }
  });

  it('maps the rows of a page to views and keeps its bounds and total', () => {
    assert.deepEqual(
      pageViewOf({ items: [1, 2], total: 7, limit: 2, offset: 4 }, (n) => `#${n}`),
      { items: ['#1', '#2'], total: 7, limit: 2, offset: 4 },
    );
  });
});
