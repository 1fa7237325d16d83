import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/tenancy/decorators';
import { catalogueView } from './event-catalogue';

/**
 * The event catalogue as webhook consumers read it (DESIGN §9, docs/webhooks.md). Public: it
 * describes the API, like the OpenAPI document at /docs, and holds no one's data.
 */
@ApiTags('events')
@Controller('events')
export class EventsController {
  @ApiOperation({
    summary: 'Every event type, with the JSON Schema of its payload',
    description: 'What a webhook delivery (`data`) and an inbox item (`data`) carry for each `type`. No authentication needed.',
  })
  @ApiOkResponse({
    description: '{ data: [{ type, aggregate_type, description, payload_schema }] }, sorted by type',
    schema: {
      type: 'object',
      properties: {
        data: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              type: { type: 'string', example: 'listing.published' },
              aggregate_type: { type: 'string', example: 'listing' },
              description: { type: 'string' },
              payload_schema: { type: 'object', description: 'JSON Schema (draft 2020-12 subset) of the payload' },
            },
          },
        },
      },
    },
  })
  @Public()
  @Get('catalogue')
  catalogue() {
    return { data: catalogueView() };
  }
}
