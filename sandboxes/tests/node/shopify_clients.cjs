'use strict';
// Drives the Shopify sandbox with Shopify's own Node libraries (@shopify/admin-api-client and
// @shopify/shopify-api), as an app would; run by sandboxes/tests/test_shopify_node_libraries.py,
// which hands it a JSON file of inputs (argv[2]) and reads one JSON object of results from
// stdout. Both libraries always speak https to `<shop>.myshopify.com`: `loopback` connects
// those requests to the sandbox's plain-HTTP loopback port instead.
const fs = require('node:fs');

const cfg = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const realFetch = globalThis.fetch;

function loopback(input, init) {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (url.hostname === cfg.shop) {
    url.protocol = 'http:';
    url.host = cfg.host;
  }
  return realFetch(url.toString(), init);
}
// shopify-api's node adapter takes `globalThis.fetch` when it loads.
globalThis.fetch = loopback;
require('@shopify/shopify-api/adapters/node');
const {shopifyApi, ApiVersion, LogSeverity, RequestedTokenType} = require('@shopify/shopify-api');
const {createAdminApiClient} = require('@shopify/admin-api-client');

async function fault(values) {
  const response = await realFetch(`http://${cfg.host}/__sandbox/faults`, {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify(values),
  });
  if (!response.ok) throw new Error(`faults: ${response.status}`);
}

function adminClient(retries) {
  return createAdminApiClient({
    storeDomain: cfg.shop,
    apiVersion: '2026-07',
    accessToken: cfg.token,
    customFetchApi: loopback,
    retries,
    isTesting: true,
  });
}

async function main() {
  const out = {};

  // GraphQL through the admin API client.
  const read = await adminClient(0).request(
    'query Counts { shop { name } productsCount { count precision } }',
  );
  out.query = {data: read.data, errors: read.errors ?? null};

  // Throttling: the next request answers HTTP 429; with `retries` the client waits and asks
  // again, without them the 429 reaches the caller.
  await fault({http_429_burst: 1});
  const started = Date.now();
  const retried = await adminClient(1).request('{ shop { name } }');
  out.retried = {data: retried.data, errors: retried.errors ?? null, waitedMs: Date.now() - started};
  await fault({http_429_burst: 1});
  const refused = await adminClient(0).request('{ shop { name } }');
  out.refused = {
    data: refused.data ?? null,
    networkStatusCode: refused.errors ? refused.errors.networkStatusCode : null,
  };

  const shopify = shopifyApi({
    apiKey: cfg.apiKey,
    apiSecretKey: cfg.secret,
    apiVersion: ApiVersion.July26,
    hostName: 'hub.example',
    isEmbeddedApp: true,
    logger: {level: LogSeverity.Error, log: () => {}},
  });

  // Webhook validation of a delivery the sandbox made, and of the same delivery tampered with.
  const request = {method: 'POST', url: '/webhooks', headers: cfg.webhook.headers};
  const valid = await shopify.webhooks.validate({
    rawBody: cfg.webhook.body,
    rawRequest: request,
    rawResponse: {},
  });
  const tampered = await shopify.webhooks.validate({
    rawBody: cfg.webhook.body.replace('}', ', "x": 1}'),
    rawRequest: request,
    rawResponse: {},
  });
  out.webhook = {
    valid: valid.valid,
    topic: valid.topic ?? null,
    domain: valid.domain ?? null,
    apiVersion: valid.apiVersion ?? null,
    webhookId: valid.webhookId ?? null,
    tamperedValid: tampered.valid,
    tamperedReason: tampered.reason ?? null,
  };

  // OAuth token exchange of a session token (expiring offline token), then its refresh, then
  // the exchanged token through the library's own GraphQL client.
  const {session} = await shopify.auth.tokenExchange({
    shop: cfg.shop,
    sessionToken: cfg.sessionToken,
    requestedTokenType: RequestedTokenType.OfflineAccessToken,
    expiring: true,
  });
  out.exchange = {
    prefix: session.accessToken.slice(0, 6),
    isOnline: session.isOnline,
    expires: Boolean(session.expires),
    refreshPrefix: session.refreshToken ? session.refreshToken.slice(0, 6) : null,
  };
  const refreshed = await shopify.auth.refreshToken({
    shop: cfg.shop,
    refreshToken: session.refreshToken,
  });
  out.refresh = {
    newToken: refreshed.session.accessToken !== session.accessToken,
    refreshPrefix: refreshed.session.refreshToken
      ? refreshed.session.refreshToken.slice(0, 6)
      : null,
  };
  const client = new shopify.clients.Graphql({session: refreshed.session});
  const mine = await client.request('{ shop { myshopifyDomain } }');
  out.exchangedQuery = mine.data;

  // An online (per-user) token for the session token's user.
  const online = await shopify.auth.tokenExchange({
    shop: cfg.shop,
    sessionToken: cfg.sessionToken,
    requestedTokenType: RequestedTokenType.OnlineAccessToken,
  });
  out.online = {
    isOnline: online.session.isOnline,
    userId: online.session.onlineAccessInfo
      ? online.session.onlineAccessInfo.associated_user.id
      : null,
  };

  process.stdout.write(JSON.stringify(out));
}

main().catch((error) => {
  process.stdout.write(JSON.stringify({error: String((error && error.stack) || error)}));
  process.exitCode = 1;
});
