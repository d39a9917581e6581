// One load run of `npm run bench`, in its own process so the load generator never shares a
// thread with the server it measures. Takes a JSON job as its argument, drives it with
// autocannon, prints one JSON line: requests/s, latency percentiles (ms), status counts.
import autocannon from "autocannon";

const job = JSON.parse(process.argv[2]);
const { url, connections, duration, headers = {} } = job;

/** POST a token, then DELETE it: the write path, with the change history both write. */
function createDeleteRequests() {
  let n = 0;
  return [
    {
      method: "POST",
      path: "/api/v2/tokens",
      headers: { ...headers, "content-type": "application/json" },
      setupRequest: (request) => ({ ...request, body: JSON.stringify({ name: `bench ${process.pid}-${n++}`, role: "reader" }) }),
      onResponse: (status, body, context) => {
        context.id = status === 201 ? JSON.parse(body)._id : null;
      },
    },
    {
      method: "DELETE",
      headers,
      // No token was created (an error is counted): start over with a new POST.
      setupRequest: (request, context) => (context.id ? { ...request, path: `/api/v2/tokens/${context.id}` } : null),
    },
  ];
}

const result = await autocannon({
  url,
  connections,
  duration,
  headers,
  method: job.method ?? "GET",
  ...(job.kind === "create-delete" ? { requests: createDeleteRequests() } : {}),
});

const statuses = {};
for (const key of ["1xx", "2xx", "3xx", "4xx", "5xx"]) if (result[key]) statuses[key] = result[key];
console.log(
  JSON.stringify({
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    errors: result.errors + result.timeouts,
    seconds: result.duration,
  }),
);
