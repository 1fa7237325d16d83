import { Injectable } from '@nestjs/common';

/**
 * What the process still has to finish before it is ready (e.g. seeding the demo data): readiness
 * answers 503 while anything is pending, because ready means ready (issue 10 §4).
 */
@Injectable()
export class StartupState {
  private readonly pending = new Set<string>();

  expect(task: string): void {
    this.pending.add(task);
  }

  finished(task: string): void {
    this.pending.delete(task);
  }

  get pendingTasks(): readonly string[] {
    return [...this.pending];
  }
}
