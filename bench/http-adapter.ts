/**
 * HTTP adapter choice, measured (issue 2): Nest on Fastify vs Nest on Express vs bare node:http,
 * for a trivial route and for one indexed read (a user by primary key from PostgreSQL). Each
 * server runs in its own process; a load client in this process keeps 64 keep-alive connections
 * busy. Reported as requests/s and as a ratio to bare node:http measured in the same run.
 *
 *   npm run bench -- http-adapter [seconds]
 */
import 'reflect-metadata';
import { Controller, Get, Module, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ChildProcess, fork } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Client, Pool } from 'pg';
import { runMigrations } from '../src/database/migrate';

type Variant = 'node-http' | 'nest-express' | 'nest-fastify';
const VARIANTS: Variant[] = ['node-http', 'nest-express', 'nest-fastify'];
const DATABASE = 'reclaim_bench_http';
const BASE_URL = process.env.BENCH_PG_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const CONNECTIONS = 64;

async function prepareDatabase(): Promise<string[]> {
  const admin = new Client({ connectionString: `${BASE_URL}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DATABASE}`);
  await admin.end();
  await runMigrations({ databaseUrl: `${BASE_URL}/${DATABASE}` });
  const db = new Client({ connectionString: `${BASE_URL}/${DATABASE}` });
  await db.connect();
  const [{ id: orgId }] = (await db.query(`INSERT INTO orgs (name, kind, region) VALUES ('Bench', 'lender', 'US-TX') RETURNING id`)).rows;
  const { rows } = await db.query(
    `INSERT INTO users (org_id, email, name, role, password_hash) SELECT $1, 'u' || g || '@bench.test', 'User ' || g, 'agent', 'x' FROM generate_series(1, 1000) g RETURNING id`,
    [orgId],
  );
  await db.end();
  return rows.map((r) => r.id as string);
}

const USER_BY_ID = 'SELECT id, email, name FROM users WHERE id = $1';

async function serve(variant: Variant): Promise<void> {
  const pool = new Pool({ connectionString: `${BASE_URL}/${DATABASE}`, max: 10 });
  const readUser = async (id: string) => (await pool.query(USER_BY_ID, [id])).rows[0];
  let server: http.Server;
  if (variant === 'node-http') {
    server = http.createServer((req, res) => {
      const send = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/ping') return send({ ok: true });
      const match = /^\/users\/(.+)$/.exec(req.url ?? '');
      if (match) return void readUser(match[1]!).then(send);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  } else {
    @Controller()
    class BenchController {
      @Get('ping')
      ping() {
        return { ok: true };
      }

      @Get('users/:id')
      user(@Param('id') id: string) {
        return readUser(id);
      }
    }
    @Module({ controllers: [BenchController] })
    class BenchModule {}
    const adapter = variant === 'nest-fastify' ? new FastifyAdapter() : new ExpressAdapter();
    const app = await NestFactory.create(BenchModule, adapter, { logger: false });
    await app.listen(0, '127.0.0.1');
    server = app.getHttpServer();
  }
  process.send?.({ port: (server.address() as AddressInfo).port });
}

interface Result {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
}

async function load(port: number, paths: () => string, seconds: number): Promise<Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  let requests = 0;
  let measuring = false;
  const stopAt = Date.now() + 1000 + seconds * 1000;
  setTimeout(() => (measuring = true), 1000);
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const req = http.get({ host: '127.0.0.1', port, path: paths(), agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
          if (measuring) {
            requests++;
            latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
          }
          resolve();
        });
      });
      req.on('error', reject);
    });
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < stopAt) await one();
    }),
  );
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests, seconds, p50: latencies[Math.floor(latencies.length * 0.5)] ?? 0, p99: latencies[Math.floor(latencies.length * 0.99)] ?? 0 };
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 5);
  const userIds = await prepareDatabase();
  let next = 0;
  const scenarios: [string, () => string][] = [
    ['trivial route GET /ping', () => '/ping'],
    ['indexed read GET /users/:id', () => `/users/${userIds[next++ % userIds.length]}`],
  ];
  const table: Record<string, Record<Variant, Result>> = {};
  for (const [name, paths] of scenarios) {
    table[name] = {} as Record<Variant, Result>;
    for (const variant of VARIANTS) {
      const child: ChildProcess = fork(__filename, ['--serve', variant], { stdio: 'inherit' });
      const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
      table[name][variant] = await load(port, paths, seconds);
      child.kill();
      await new Promise((r) => child.once('exit', r));
    }
  }
  for (const [name, results] of Object.entries(table)) {
    const baseline = results['node-http'].requests / results['node-http'].seconds;
    process.stdout.write(`\n${name} (${CONNECTIONS} connections, ${seconds} s each, baseline bare node:http = ${baseline.toFixed(0)} req/s)\n`);
    for (const variant of VARIANTS) {
      const r = results[variant];
      const rps = r.requests / r.seconds;
      process.stdout.write(`  ${variant.padEnd(13)} ${rps.toFixed(0).padStart(7)} req/s  ratio ${(rps / baseline).toFixed(2)}  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms\n`);
    }
    const fastify = results['nest-fastify'].requests;
    const express = results['nest-express'].requests;
    process.stdout.write(`  nest-fastify / nest-express = ${(fastify / express).toFixed(2)}\n`);
  }
  const admin = new Client({ connectionString: `${BASE_URL}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin.end();
}

if (process.argv[2] === '--serve') {
  void serve(process.argv[3] as Variant);
} else {
  main().catch((err) => {
    process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  });
}
