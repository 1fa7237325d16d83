import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiSummary } from '../common/openapi/decorators';
import { arrayOf, defineSchema, freeForm, objectOf, text } from '../common/openapi/schema';
import { Public } from '../common/tenancy/decorators';
import { catalogueView } from './event-catalogue';

const EventCatalogueSchema = defineSchema(
  'EventCatalogue',
  objectOf({
    data: arrayOf(
      objectOf({
        type: { ...text, example: 'listing.published' },
        aggregate_type: { ...text, example: 'listing' },
        description: text,
        payload_schema: freeForm('JSON Schema (draft 2020-12 subset) of the payload'),
      }),
      'Sorted by type',
    ),
  }),
);

/**
 * The event catalogue as webhook consumers read it (DESIGN §9, docs/webhooks.md). Public: it
 * describes the API, like the OpenAPI document at /docs, and holds no one's data.
 */
@ApiTags('notifications')
@Controller('events')
export class EventsController {
  @Public()
  @Get('catalogue')
  @ApiSummary(
    'Every event type, with the JSON Schema of its payload',
    'What a webhook delivery (`data`) and an inbox item (`data`) carry for each `type`. No authentication needed.',
  )
  @ApiAnswer(EventCatalogueSchema)
  catalogue() {
    return { data: catalogueView() };
  }
}
