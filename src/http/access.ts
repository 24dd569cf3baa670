export type Role = 'admin' | 'operator' | 'engineer' | 'esg' | 'viewer';
export const ROLES: readonly Role[] = ['admin', 'operator', 'engineer', 'esg', 'viewer'];

/** Who may call a route: no key, any key, or keys of these roles (admin may always). */
export type Access = 'public' | 'any' | readonly Role[];

/**
 * Every route of an app and who may call it, keyed "METHOD /path" with the path as the
 * OpenAPI document writes it ("POST /units/{id}/events"). `addRoute` fills it from each
 * route's declared `access`; `GET /me` reads it to tell a key what it may do. Built per
 * app by createApp, so two apps in one process never share it.
 */
export type AccessTable = Map<string, Access>;

export const toOpenApiPath = (p: string) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** The name of a route as an action: "POST /units/{id}/events". */
export const actionOf = (method: string, path: string) => `${method.toUpperCase()} ${toOpenApiPath(path)}`;

/** Whether a key of `role` may call a route declared with `access`: the one judge, for requests and for GET /me. */
export const allows = (access: Access, role: Role): boolean => access === 'public' || access === 'any' || role === 'admin' || access.includes(role);

/** The roles a route names, admin first (admin may do everything). */
export const rolesOf = (access: readonly Role[]): Role[] => ['admin', ...access.filter((r) => r !== 'admin')];

/** Records a route's access; a second route with the same method and path is a mistake in the code. */
export function declareAccess(table: AccessTable, method: string, path: string, access: Access): void {
  const action = actionOf(method, path);
  if (table.has(action)) throw new Error(`${action} is declared twice`);
  table.set(action, access);
}

/** For each route of the table, whether a key of `role` may call it (sorted by action, for a stable answer). */
export function capabilitiesOf(table: AccessTable, role: Role): Record<string, boolean> {
  return Object.fromEntries([...table.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([action, access]) => [action, allows(access, role)]));
}
