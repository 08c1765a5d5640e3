// A second issuance load generator for IssuanceBench that does not run on the JVM: Node.js with only
// node:http, so Signet's server cost can be compared under a client other than the bench's Vert.x one.
//
// Started by the bench (NodeClient.java), never by hand in normal use:
//   node node-issuance-client.js <host> <port> <bodies file> <connections> <in flight> <timeout ms> <framing>
// The bodies file holds one pre-minted POST /api/v2/signingCert body per line (each with its own token,
// client key and proof); requests take them in turn. <framing> is "length" (Content-Length, one write:
// what HTTP clients normally send for a body they hold) or "chunked" (Transfer-Encoding: chunked, the
// body written apart from the headers), to see what request framing costs the server.
//
// Commands on stdin, one a line; answers on stdout, one JSON object a line:
//   prime <n>             sequential requests until n succeed       -> {"event":"primed","ok":…,"failures":{…}}
//   start                 keep <in flight> requests always in flight -> {"event":"started"}
//   measure <s> <file>    count answers for s seconds, write each OK's latency (µs, one a line) to file,
//                         then stop sending and wait for the rest    -> {"event":"measured",…}
'use strict';
const http = require('node:http');
const fs = require('node:fs');
const readline = require('node:readline');

const [host, port, bodiesFile, connections, inFlight, timeoutMs, framing] = process.argv.slice(2);
const bodies = fs.readFileSync(bodiesFile, 'latin1').split('\n').filter((line) => line.length > 0);
// keepAlive with a fixed pool: at most <connections> sockets, each reused for the next request.
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections), maxFreeSockets: Number(connections) });
const chunked = framing === 'chunked';
let next = 0; // requests sent so far, warm-up included (as the JVM client's "sent")
let running = false;
let pending = 0;
let window = null; // { from, to, ok, backpressure, errors, latencies, failures }

function say(object) {
  process.stdout.write(JSON.stringify(object) + '\n');
}

function reason(failures, text) {
  failures[text] = (failures[text] || 0) + 1;
}

// One request; calls done(outcome, reasonText) with outcome "ok", "backpressure" or "error".
function issue(done) {
  const body = bodies[next++ % bodies.length];
  const headers = { 'content-type': 'application/json' };
  if (!chunked) {
    headers['content-length'] = Buffer.byteLength(body, 'latin1');
  }
  let finished = false;
  const finish = (outcome, text) => {
    if (!finished) {
      finished = true;
      done(outcome, text);
    }
  };
  const request = http.request({ agent, host, port: Number(port), method: 'POST', path: '/api/v2/signingCert', headers,
    timeout: Number(timeoutMs) }, (response) => {
    const parts = [];
    response.on('data', (part) => parts.push(part));
    response.on('end', () => {
      const status = response.statusCode;
      if (status === 200 || status === 201) {
        finish('ok');
        return;
      }
      const text = Buffer.concat(parts).toString('utf8').slice(0, 200);
      const busy = status === 429 || (status === 503 && text.includes('retry later'));
      finish(busy ? 'backpressure' : 'error', status + ' ' + text);
    });
    response.on('error', (e) => finish('error', e.code || e.name));
  });
  // TCP_NODELAY as the Vert.x client and the server have it: no Nagle delay on either side.
  request.on('socket', (socket) => socket.setNoDelay(true));
  request.on('timeout', () => request.destroy(new Error('timeout')));
  request.on('error', (e) => finish('error', e.code || e.message));
  if (chunked) {
    request.write(body, 'latin1');
    request.end();
  } else {
    request.end(body, 'latin1');
  }
}

function slot() {
  if (!running) {
    return;
  }
  const sentAt = process.hrtime.bigint();
  pending++;
  issue((outcome, text) => {
    pending--;
    const now = process.hrtime.bigint();
    // As the JVM client's closed loop: only answers inside the window count, latency from send to answer.
    if (window !== null && now >= window.from && now < window.to) {
      if (outcome === 'ok') {
        window.ok++;
        window.latencies.push(Number((now - sentAt) / 1000n));
      } else {
        window[outcome === 'backpressure' ? 'backpressure' : 'errors']++;
        reason(window.failures, text);
      }
    }
    if (window !== null && now >= window.to) {
      running = false;
    }
    slot();
    if (!running && pending === 0 && window !== null && window.reportWhenDrained) {
      report();
    }
  });
}

function prime(count) {
  let ok = 0;
  let tries = 0;
  const failures = {};
  const one = () => issue((outcome, text) => {
    tries++;
    if (outcome === 'ok') {
      ok++;
    } else {
      reason(failures, text);
    }
    if (ok < count && tries < count * 10) {
      one();
    } else {
      say({ event: 'primed', ok, failures });
    }
  });
  one();
}

function measure(seconds, latencyFile) {
  const from = process.hrtime.bigint();
  window = { from, to: from + BigInt(Math.round(seconds * 1e9)), ok: 0, backpressure: 0, errors: 0, latencies: [],
    failures: {}, latencyFile, reportWhenDrained: false };
  // Requests still unanswered 30 s after the window are counted as errors, as the JVM client does.
  setTimeout(() => {
    window.reportWhenDrained = true;
    running = false;
    if (pending === 0) {
      report();
    }
  }, seconds * 1000 + 50);
  setTimeout(() => {
    window.errors += pending;
    report();
  }, seconds * 1000 + 30000).unref();
}

let reported = false;
function report() {
  if (reported) {
    return;
  }
  reported = true;
  fs.writeFileSync(window.latencyFile, window.latencies.join('\n') + '\n');
  say({ event: 'measured', ok: window.ok, backpressure: window.backpressure, errors: window.errors, sent: next,
    failures: window.failures });
  agent.destroy();
  process.exit(0);
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const [command, ...args] = line.trim().split(/\s+/);
  if (command === 'prime') {
    prime(Number(args[0]));
  } else if (command === 'start') {
    running = true;
    for (let i = 0; i < Number(inFlight); i++) {
      slot();
    }
    say({ event: 'started' });
  } else if (command === 'measure') {
    measure(Number(args[0]), args[1]);
  }
});
say({ event: 'ready', bodies: bodies.length });
