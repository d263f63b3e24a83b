/** `RemoveBackendServers` -> `removeBackendServers`; `get_user-by id` -> `getUserById`. */
export function lowerCamel(id: string): string {
  const pascal = upperCamel(id);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

export function upperCamel(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}
