import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, RouteOptions } from 'fastify';

/** A JSON bulk placement of 10,000 rows is a few MB: above the app-wide 2 MB body limit, for this route only. */
export const BULK_JSON_BODY_LIMIT = 32 * 1024 * 1024;

/**
 * Fastify fixes a route's body limit when the route is added, and Nest adds routes after every
 * provider is built, so this hook (registered while providers are built) raises it for
 * `POST /v1/cases/bulk` alone.
 */
@Injectable()
export class BulkBodyLimit {
  constructor(adapterHost: HttpAdapterHost) {
    const instance = adapterHost.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    instance?.addHook?.('onRoute', (route: RouteOptions) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (methods.includes('POST') && route.url.endsWith('/cases/bulk')) route.bodyLimit = BULK_JSON_BODY_LIMIT;
    });
  }
}
