import type { Response } from 'supertest';

/** Asserts an RFC 9457 answer with the stable code, and returns its body for further checks. */
export function expectProblem(res: Response, status: number, code: string): Record<string, unknown> & { errors?: { field: string; message: string }[] } {
  if (res.status !== status || res.body?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(
    expect.objectContaining({ type: expect.stringContaining(code), title: expect.any(String), status, code, request_id: expect.any(String) }),
  );
  expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  return res.body;
}
