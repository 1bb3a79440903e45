#!/usr/bin/env node
// Bluesky's own servers on loopback, for the suite's tests: the atproto team's test network
// (@atproto/dev-env: PLC, a PDS and the AppView on PostgreSQL), an account that listens (with
// an app password), two authors and a few posts holding a keyword, one of them a reply.
// Prints one line of JSON on stdout once everything is indexed, then runs until killed.
//   BSKY_DEVENV_DB   the PostgreSQL database made afresh for the AppView (bsky_devenv)
//   DB_POSTGRES_URL  its URL (default: the local socket, as the current user)
//   BSKY_KEYWORD     the keyword the seeded posts hold (acmegreen)
"use strict";

const os = require("node:os");
const {Client} = require("pg");

const DB = process.env.BSKY_DEVENV_DB || "bsky_devenv";
const KEYWORD = process.env.BSKY_KEYWORD || "acmegreen";
const USER = process.env.PGUSER || os.userInfo().username;
const SOCKET = process.env.PGHOST || "/var/run/postgresql";
const dbUrl = (name) =>
    process.env.DB_POSTGRES_URL ||
    `postgresql://${encodeURIComponent(USER)}@/${name}?host=${encodeURIComponent(
        SOCKET
    )}`;

// the dev-env logs to stdout: stdout is ours, for the JSON line alone
const out = process.stdout.write.bind(process.stdout);
process.stdout.write = process.stderr.write.bind(process.stderr);
console.log = console.error;
console.info = console.error;
// the test network asks for Redis but the AppView does not use it
process.env.REDIS_HOST = process.env.REDIS_HOST || "unused.invalid";

// the database is ours alone: made afresh at the start, dropped at the end
async function ownDatabase(create) {
    if (process.env.DB_POSTGRES_URL) return;
    const admin = new Client({connectionString: dbUrl("postgres")});
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
    if (create) await admin.query(`CREATE DATABASE "${DB}"`);
    await admin.end();
}

async function xrpc(base, method, {token, body, params} = {}) {
    const url = new URL(`/xrpc/${method}`, base);
    for (const [key, value] of Object.entries(params || {}))
        url.searchParams.set(key, value);
    const response = await fetch(url, {
        method: body ? "POST" : "GET",
        headers: {
            ...(body ? {"Content-Type": "application/json"} : {}),
            ...(token ? {Authorization: `Bearer ${token}`} : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : {};
}

async function account(pds, handle) {
    return xrpc(pds, "com.atproto.server.createAccount", {
        body: {handle, email: `${handle}@example.com`, password: `${handle}-password`},
    });
}

async function post(pds, author, text, reply) {
    const record = {
        $type: "app.bsky.feed.post",
        text,
        createdAt: new Date().toISOString(),
    };
    if (reply) record.reply = reply;
    const made = await xrpc(pds, "com.atproto.repo.createRecord", {
        token: author.accessJwt,
        body: {repo: author.did, collection: "app.bsky.feed.post", record},
    });
    return {uri: made.uri, cid: made.cid, text, author: author.handle};
}

async function main() {
    await ownDatabase(true);
    const {TestNetwork} = require("@atproto/dev-env");
    const network = await TestNetwork.create({
        dbPostgresUrl: dbUrl(DB),
        dbPostgresSchema: "devenv",
        pds: {hostname: "localhost", enableDidDocWithSession: true},
    });
    const pds = network.pds.url;
    const listener = await account(pds, "acme-listening.test");
    const app = await xrpc(pds, "com.atproto.server.createAppPassword", {
        token: listener.accessJwt,
        body: {name: "Odoo listening"},
    });
    const jane = await account(pds, "jane.test");
    const mika = await account(pds, "mika.test");
    const root = await post(pds, jane, `Has anyone tried the ${KEYWORD} chair?`);
    const ref = {uri: root.uri, cid: root.cid};
    const reply = await post(
        pds,
        mika,
        `Mine is ${KEYWORD} too: is it still in stock?`,
        {
            root: ref,
            parent: ref,
        }
    );
    const other = await post(pds, mika, `The ${KEYWORD} desk arrived today`);
    await post(pds, jane, "Nothing about chairs here");
    await network.processAll();
    out(
        JSON.stringify({
            pds,
            appview: network.bsky.url,
            plc: network.plc.url,
            keyword: KEYWORD,
            listener: {
                handle: listener.handle,
                did: listener.did,
                password: "acme-listening.test-password",
                app_password: app.password,
            },
            posts: {root, reply, other},
        }) + "\n"
    );
    const stop = async () => {
        await network.close().catch(() => undefined);
        await ownDatabase(false).catch(() => undefined);
        process.exit(0);
    };
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
