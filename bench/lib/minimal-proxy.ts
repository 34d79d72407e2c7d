import { createServer } from 'node:http';
import { Pool } from 'undici';

// The floor the gateway is measured against: the least a Node proxy can do for this request
// (read the body, parse it, swap the model, forward through an undici Pool, parse the answer
// for usage, send it back). No routing, validation, fallback, logging or error handling.
const upstream = new URL(process.env.UPSTREAM_URL ?? '');
const pool = new Pool(upstream.origin, { connections: 256 });
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', async () => {
    const body = JSON.parse(Buffer.concat(chunks).toString());
    body.model = 'bench-model';
    const answer = await pool.request({
      path: upstream.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
      body: JSON.stringify(body),
    });
    const text = await answer.body.text();
    JSON.parse(text);
    response.writeHead(answer.statusCode, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    response.end(text);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('minimal proxy listening'));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
