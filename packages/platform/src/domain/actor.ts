/** Who did it, as events record it: every action is attributable to a person or a system and a role. */
export interface Actor {
  id: string;
  role: string;
}
