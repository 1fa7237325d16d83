/**
 * The lock a transaction takes on a row it is about to decide on: `FOR NO KEY UPDATE`, not
 * `FOR UPDATE`. No write here changes a key, and `FOR UPDATE` also blocks the `KEY SHARE` lock that
 * an insert into a referencing table takes for its foreign key (a job event naming its case and
 * job, a payment naming its case): two requests that each hold one parent and insert a child of
 * the other then deadlock (PostgreSQL manual §13.3.2, "Row-Level Locks"). Writers still exclude
 * each other exactly as before.
 */
export const ROW_LOCK = 'for_no_key_update' as const;
