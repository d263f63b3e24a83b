/**
 * OAI's Tic Tac Toe (generator/test/fixtures/public/oai-learn/tictactoe.yaml, Apache-2.0,
 * LICENSE beside it): a correct reference server written from the spec, and its mutants. State:
 * one 3x3 board. PUT writes X or O on an empty square, or "." (the spec's empty square) to clear
 * one; the winner follows the board. Coordinates outside 1..3, a mark outside the enum or a body
 * that is not JSON, and X/O on a taken square are the documented 400s (text/html, the spec's
 * example texts). Security: GET /board takes the `api-key` header or a bearer token (its OAuth2
 * alternative), the square operations a bearer token; a request without them gets 401 (the spec
 * documents none, as public specs often leave it out: the suite sends credentials on every call).
 */
import { type Answer, type Handler, json, type Mutant, mutated, type PublicSpec, parseJson, type Request, serve } from './http.js';

export const TICTACTOE_API_KEY = 'reference-api-key';
export const TICTACTOE_TOKEN = 'reference-bearer-token';
const MARKS = ['.', 'X', 'O'];
const LINES = [
  [0, 1, 2],
  [3, 4, 5],
  [6, 7, 8],
  [0, 3, 6],
  [1, 4, 7],
  [2, 5, 8],
  [0, 4, 8],
  [2, 4, 6],
];
const html = (text: string): Answer => ({ status: 400, contentType: 'text/html', body: text });

function winner(squares: string[]): string {
  for (const [a, b, c] of LINES) if (squares[a!] !== '.' && squares[a!] === squares[b!] && squares[b!] === squares[c!]) return squares[a!]!;
  return '.';
}

const status = (squares: string[]) => ({ winner: winner(squares), board: [0, 1, 2].map((row) => squares.slice(row * 3, row * 3 + 3)) });

export function tictactoeReference(): Handler {
  const squares = Array.from({ length: 9 }, () => '.');
  return (request: Request) => {
    const bearer = request.headers.authorization === `Bearer ${TICTACTOE_TOKEN}`;
    const segments = request.path.split('/').filter(Boolean).map(decodeURIComponent);
    if (segments[0] !== 'board' || (segments.length !== 1 && segments.length !== 3))
      return { status: 404, contentType: 'text/plain', body: 'Not Found' };
    if (segments.length === 1) {
      if (request.method !== 'GET') return { status: 405, contentType: 'text/plain', body: 'Method Not Allowed' };
      if (!bearer && request.headers['api-key'] !== TICTACTOE_API_KEY)
        return { status: 401, contentType: 'text/plain', body: 'Unauthorized' };
      return json(200, status(squares));
    }
    if (request.method !== 'GET' && request.method !== 'PUT') return { status: 405, contentType: 'text/plain', body: 'Method Not Allowed' };
    if (!bearer) return { status: 401, contentType: 'text/plain', body: 'Unauthorized' };
    const [row, column] = [segments[1]!, segments[2]!].map((text) => (/^[1-3]$/.test(text) ? Number(text) : undefined));
    if (row === undefined || column === undefined) return html('Illegal coordinates.');
    const index = (row - 1) * 3 + (column - 1);
    if (request.method === 'GET') return json(200, squares[index]);
    const parsed = parseJson(request.body);
    if (!parsed || typeof parsed.value !== 'string' || !MARKS.includes(parsed.value)) return html('Invalid Mark (X or O).');
    if (parsed.value !== '.' && squares[index] !== '.') return html('Square is not empty.');
    squares[index] = parsed.value;
    return json(200, status(squares));
  };
}

const isSquare = (r: Request) => /^\/board\/[^/]+\/[^/]+$/.test(r.path);
const isPut = (r: Request) => r.method === 'PUT' && isSquare(r);
const isBoard = (r: Request) => r.method === 'GET' && /^\/board\/?$/.test(r.path);
const coordinates = (r: Request) => r.path.split('/').slice(2).map(decodeURIComponent);
const withPath = (r: Request, row: string, column: string): Request => ({ ...r, path: `/board/${row}/${column}` });
const ok = (a: Answer) => a.status === 200 && a.body !== undefined;
/** The answer's status object with `change` applied (GET /board and PUT answers). */
const mapStatus = (a: Answer, r: Request, change: (s: { winner: string; board: unknown[] }) => unknown): Answer =>
  ok(a) && (isBoard(r) || isPut(r)) ? { ...a, body: JSON.stringify(change(JSON.parse(a.body!))) } : a;
const crash = (): Answer => ({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' });

export const TICTACTOE_MUTANTS: Mutant[] = [
  {
    name: 'put-201',
    kind: 'status',
    description: 'A mark placed is answered 201 Created where 200 is documented.',
    answer: (a, r) => (isPut(r) && a.status === 200 ? { ...a, status: 201 } : a),
  },
  {
    name: 'put-204',
    kind: 'status',
    description: 'A mark placed is answered 204 with no body where 200 and the board are documented.',
    answer: (a, r) => (isPut(r) && a.status === 200 ? { status: 204 } : a),
  },
  {
    name: 'board-as-html',
    kind: 'content type',
    description: 'GET /board sends its JSON as text/html (a framework default).',
    answer: (a, r) => (isBoard(r) && a.status === 200 ? { ...a, contentType: 'text/html; charset=utf-8' } : a),
  },
  {
    name: 'square-not-json',
    kind: 'body',
    description: 'GET of a square sends the bare mark (X) as application/json, not the JSON string "X".',
    answer: (a, r) => (r.method === 'GET' && isSquare(r) && ok(a) ? { ...a, body: JSON.parse(a.body!) } : a),
  },
  {
    name: 'error-as-json',
    kind: 'error body',
    description: 'The 400s are sent as application/json {"error": ...} where text/html is documented.',
    answer: (a) => (a.status === 400 ? json(400, { error: a.body }) : a),
  },
  {
    name: 'error-too-long',
    kind: 'error body',
    description: 'The 400 text carries a stack trace: longer than the 256 characters errorMessage allows.',
    answer: (a) => (a.status === 400 ? { ...a, body: `${a.body}\n${'    at handler (/srv/app/board.js:42:7)\n'.repeat(8)}` } : a),
  },
  {
    name: 'accepts-row-0',
    kind: 'limit',
    description: 'Row 0 wraps around to row 3 (a negative index read modulo 3) instead of a 400.',
    request: (r) => {
      const [row, column] = coordinates(r);
      if (isSquare(r) && row === '0') Object.assign(r, withPath(r, '3', column!));
    },
  },
  {
    name: 'accepts-column-4',
    kind: 'limit',
    description: 'Column 4 is clamped to column 3 instead of a 400.',
    request: (r) => {
      const [row, column] = coordinates(r);
      if (isSquare(r) && /^\d+$/.test(column!) && Number(column) > 3) Object.assign(r, withPath(r, row!, '3'));
    },
  },
  {
    name: 'accepts-invalid-mark',
    kind: 'enum',
    description: 'A mark outside X, O and "." is read as "." (clears the square) instead of a 400.',
    request: (r) => {
      const parsed = parseJson(r.body);
      if (isPut(r) && parsed && typeof parsed.value === 'string' && !MARKS.includes(parsed.value)) r.body = '"."';
    },
  },
  {
    name: 'ok-on-malformed-json',
    kind: 'parameter',
    description: 'A PUT body that is not JSON is read as "." (200) instead of a 400.',
    request: (r) => {
      if (isPut(r) && !parseJson(r.body)) r.body = '"."';
    },
  },
  {
    name: 'crash-on-malformed-json',
    kind: 'status',
    description: 'A PUT body that is not JSON is a 500 (the parser throws) instead of a 400.',
    request: (r) => (isPut(r) && !parseJson(r.body) ? crash() : undefined),
  },
  {
    name: 'winner-outside-enum',
    kind: 'enum',
    description: 'While nobody has won, winner is "none" instead of ".".',
    answer: (a, r) => mapStatus(a, r, (s) => ({ ...s, winner: s.winner === '.' ? 'none' : s.winner })),
  },
  {
    name: 'marks-lower-case',
    kind: 'enum',
    description: 'The board shows marks in lower case ("x", "o").',
    answer: (a, r) => mapStatus(a, r, (s) => ({ ...s, board: (s.board as string[][]).map((row) => row.map((m) => m.toLowerCase())) })),
  },
  {
    name: 'board-two-rows',
    kind: 'body',
    description: 'The board drops its last row (an off-by-one in the serializer).',
    answer: (a, r) => mapStatus(a, r, (s) => ({ ...s, board: s.board.slice(0, 2) })),
  },
  {
    name: 'board-rows-as-strings',
    kind: 'body',
    description: 'Each board row is a string ("X.O") instead of a list of marks.',
    answer: (a, r) => mapStatus(a, r, (s) => ({ ...s, board: (s.board as string[][]).map((row) => row.join('')) })),
  },
  {
    name: 'crash-on-row-3',
    kind: 'edge value',
    description: 'A 500 on row 3 (the maximum: an off-by-one in the index).',
    request: (r) => (isSquare(r) && coordinates(r)[0] === '3' ? crash() : undefined),
  },
  {
    name: 'crash-on-mark-o',
    kind: 'edge value',
    description: 'A 500 on the mark "O" (the enum\'s last value is missing from a lookup table).',
    request: (r) => (isPut(r) && parseJson(r.body)?.value === 'O' ? crash() : undefined),
  },
  {
    name: 'coordinates-404',
    kind: 'status',
    description: 'Illegal coordinates are answered 404 (route not matched) where 400 is documented.',
    answer: (a) => (a.status === 400 && a.body === 'Illegal coordinates.' ? { ...a, status: 404 } : a),
  },
  {
    name: 'put-ignores-column',
    kind: 'parameter',
    description: 'PUT writes the square (row, row): the column parameter is ignored.',
    request: (r) => {
      const [row] = coordinates(r);
      if (isPut(r)) Object.assign(r, withPath(r, row!, row!));
    },
  },
  {
    name: 'put-not-stored',
    kind: 'state',
    description: 'PUT answers the board with the mark, but the board is not saved: a later GET of the square shows the old mark.',
    wrap: (reference) => (r) => {
      if (!isPut(r)) return reference(r);
      const before = reference({ ...r, method: 'GET', body: '' });
      const answer = reference(r);
      if (answer.status === 200 && before.status === 200) reference({ ...r, body: before.body! });
      return answer;
    },
  },
  {
    name: 'get-square-transposed',
    kind: 'parameter',
    description: 'GET of a square reads (column, row): row and column swapped.',
    request: (r) => {
      const [row, column] = coordinates(r);
      if (r.method === 'GET' && isSquare(r)) Object.assign(r, withPath(r, column!, row!));
    },
  },
  {
    name: 'auth-not-checked',
    kind: 'security',
    description: 'The square operations serve a request with no credentials.',
    request: (r) => {
      if (isSquare(r) && !r.headers.authorization) r.headers.authorization = `Bearer ${TICTACTOE_TOKEN}`;
    },
  },
];

export const TICTACTOE: PublicSpec = {
  name: 'tictactoe',
  spec: 'generator/test/fixtures/public/oai-learn/tictactoe.yaml',
  start: (mutant) => serve(mutated(tictactoeReference(), mutant)),
  mutants: TICTACTOE_MUTANTS,
  auth: { defaultApiKey: TICTACTOE_API_KEY, bearerHttpAuthentication: TICTACTOE_TOKEN },
  limits: {
    'put-not-stored':
      'every answer is a valid board (the PUT answers the board with the mark): only a GET of the square after the PUT (the `markSquare` link, read the other way) shows the mark was not kept; the state sequences of issue 20 item 5 (contract-tests/support/sequences.ts, another branch)',
    'get-square-transposed':
      'as put-not-stored: every square read is a valid mark; only a read-back after a write to a square off the diagonal shows the swap',
    'auth-not-checked':
      'the suite sends the credentials the user gives on every request, and the spec documents no 401 for a request without them: a check of it would be the kit inventing a rule',
  },
};
