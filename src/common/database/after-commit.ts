import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';

type Task = () => Promise<unknown>;

/**
 * Runs work once the caller's transaction has committed (e.g. enqueueing the jobs for rows it
 * inserted, so a worker never looks for a row that is not visible yet), and drops it if the
 * transaction rolls back. Failures are logged, never thrown: the commit has happened, so the
 * caller needs a sweeper that re-enqueues anything whose job was lost (notifications has one).
 */
@Injectable()
export class AfterCommit implements EntitySubscriberInterface, OnModuleInit {
  private readonly logger = new Logger('AfterCommit');
  private readonly pending = new WeakMap<QueryRunner, Task[]>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  run(manager: EntityManager, task: Task): void {
    const runner = manager.queryRunner;
    if (!runner?.isTransactionActive) {
      void this.execute([task]);
      return;
    }
    const tasks = this.pending.get(runner) ?? [];
    tasks.push(task);
    this.pending.set(runner, tasks);
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    // A released savepoint also "commits"; only the outermost commit makes rows visible.
    if (!event.queryRunner || event.queryRunner.isTransactionActive) return;
    const tasks = this.pending.get(event.queryRunner);
    if (!tasks) return;
    this.pending.delete(event.queryRunner);
    await this.execute(tasks);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (event.queryRunner && !event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
  }

  private async execute(tasks: Task[]): Promise<void> {
    await Promise.all(tasks.map((task) => task().catch((err: Error) => this.logger.warn({ err: err.message }, 'after-commit work failed; the sweeper will retry it'))));
  }
}
