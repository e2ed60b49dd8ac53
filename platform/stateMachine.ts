// A documented state machine: the moves allowed from each status, and the refusal of
// an illegal one, which names the allowed moves. Each subgraph writes down its own table.
export type AllowedMoves<Status extends string> = Readonly<Record<Status, readonly Status[]>>;

/** Why moving a `what` (case, order) from one status to another is illegal, naming the allowed moves; null when it is allowed. */
export function illegalMove<Status extends string>(moves: AllowedMoves<Status>, what: string, from: Status, to: Status): string | null {
  const allowed = moves[from];
  if (allowed.includes(to)) return null;
  return allowed.length === 0
    ? `A ${from} ${what} cannot be moved: ${from} is final`
    : `A ${from} ${what} cannot move to ${to}; it can move to ${allowed.join(', ')}`;
}
