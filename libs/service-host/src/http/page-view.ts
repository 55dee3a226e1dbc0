import { applyDecorators, type Type } from '@nestjs/common';
import { ApiProperty, ApiQuery } from '@nestjs/swagger';
import { type Page, pageLimits } from './page-query.js';

/**
 * The OpenAPI shape of one page of `Item` views. Extend it under a name of its own
 * (`class ClusterPageView extends PageViewOf(ClusterView) {}`): the OpenAPI document names
 * schemas by class, so each list keeps its own schema.
 */
export function PageViewOf<Item>(item: Type<Item>): Type<Page<Item>> {
  class PageView implements Page<Item> {
    @ApiProperty({ type: [item] }) items!: Item[];
    @ApiProperty() total!: number;
    @ApiProperty() limit!: number;
    @ApiProperty() offset!: number;
  }
  return PageView;
}

/** `?limit=&offset=` in the OpenAPI document, with the bounds `pageQuerySchema` enforces. */
export function ApiPageQuery(): MethodDecorator {
  return applyDecorators(
    ApiQuery({
      name: 'limit',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: pageLimits.max, default: pageLimits.default },
    }),
    ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0, default: 0 } }),
  );
}

/** A page of domain rows as a page of views: same bounds and total, each item mapped. */
export function pageViewOf<Row, View>(page: Page<Row>, view: (row: Row) => View): Page<View> {
  return { ...page, items: page.items.map(view) };
}
