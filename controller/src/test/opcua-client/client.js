// A generic OPC UA client (node-opcua) that OpcUaServerTest drives line by line: one JSON command on
// stdin, one or more JSON lines on stdout. It knows nothing of Jaga beyond what the server shows it.
//
//   {"cmd":"endpoints","url":"opc.tcp://..."}
//   {"cmd":"connect","url":"...","policy":"Basic256Sha256","mode":"SignAndEncrypt","user":"...","password":"..."}
//   {"cmd":"browse","nodeId":"i=85"}            children by hierarchical references
//   {"cmd":"read","nodeId":"ns=2;s=..."}         value, status, data type and EngineeringUnits if any
//   {"cmd":"subscribe","nodeId":"..."}           then a {"event":"change"} line on every data change
//   {"cmd":"disconnect"}
"use strict";
const readline = require("readline");
const path = require("path");
const {
    OPCUAClient, MessageSecurityMode, SecurityPolicy, AttributeIds, UserTokenType, TimestampsToReturn,
    ClientSubscription, ClientMonitoredItem, BrowseDirection, NodeClass, DataType,
} = require("node-opcua-client");
const { OPCUACertificateManager } = require("node-opcua-certificate-manager");

const pkiDir = process.env.PKI_DIR || path.join(__dirname, "pki");
// This test client trusts the server it is pointed at; the server is the side under test.
const certificateManager = new OPCUACertificateManager({ rootFolder: pkiDir, automaticallyAcceptUnknownCertificate: true });
let client = null;
let session = null;
let subscription = null;

function print(obj) {
    process.stdout.write(JSON.stringify(obj) + "\n");
}

function clientFor(policy, mode) {
    return OPCUAClient.create({
        applicationName: "jaga-opcua-test-client",
        securityPolicy: SecurityPolicy[policy || "None"],
        securityMode: MessageSecurityMode[mode || "None"],
        endpointMustExist: false,
        clientCertificateManager: certificateManager,
        connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
        requestedSessionTimeout: 60000,
    });
}

async function endpoints(c) {
    const probe = clientFor("None", "None");
    await probe.connect(c.url);
    try {
        const list = await probe.getEndpoints();
        print({ cmd: "endpoints", ok: true, endpoints: list.map(e => ({
            url: e.endpointUrl,
            policy: e.securityPolicyUri.split("#")[1],
            mode: MessageSecurityMode[e.securityMode],
            tokens: (e.userIdentityTokens || []).map(t => UserTokenType[t.tokenType]),
        })) });
    } finally {
        await probe.disconnect();
    }
}

async function connect(c) {
    await disconnect();
    client = clientFor(c.policy, c.mode);
    try {
        await client.connect(c.url);
        const identity = c.user ? { type: UserTokenType.UserName, userName: c.user, password: c.password }
            : { type: UserTokenType.Anonymous };
        session = await client.createSession(identity);
    } catch (e) {
        await disconnect();
        throw e;
    }
    print({ cmd: "connect", ok: true });
}

async function browse(c) {
    const result = await session.browse({
        nodeId: c.nodeId, browseDirection: BrowseDirection.Forward, referenceTypeId: "HierarchicalReferences",
        includeSubtypes: true, nodeClassMask: 0, resultMask: 63,
    });
    print({ cmd: "browse", ok: true, status: result.statusCode.name, children: (result.references || []).map(r => ({
        browseName: r.browseName.name, displayName: r.displayName.text, nodeId: r.nodeId.toString(),
        nodeClass: NodeClass[r.nodeClass],
    })) });
}

function plain(value) {
    if (value === null || value === undefined) return null;
    if (value instanceof Date) return value.toISOString();
    return typeof value === "object" && value.toString && !Array.isArray(value) ? String(value) : value;
}

async function engineeringUnits(nodeId) {
    const props = await session.browse({ nodeId, browseDirection: BrowseDirection.Forward, referenceTypeId: "HasProperty",
        includeSubtypes: true, resultMask: 63 });
    const ref = (props.references || []).find(r => r.browseName.name === "EngineeringUnits");
    if (!ref) return null;
    const eu = (await session.read({ nodeId: ref.nodeId, attributeId: AttributeIds.Value })).value.value;
    return { namespaceUri: eu.namespaceUri, unitId: eu.unitId, displayName: eu.displayName.text, description: eu.description.text };
}

async function read(c) {
    const dv = await session.read({ nodeId: c.nodeId, attributeId: AttributeIds.Value });
    print({ cmd: "read", ok: true, nodeId: c.nodeId, value: plain(dv.value.value), dataType: DataType[dv.value.dataType],
        status: dv.statusCode.name, sourceTimestamp: plain(dv.sourceTimestamp), eu: await engineeringUnits(c.nodeId) });
}

async function subscribe(c) {
    if (!subscription) {
        subscription = ClientSubscription.create(session, { requestedPublishingInterval: 100, requestedLifetimeCount: 600,
            requestedMaxKeepAliveCount: 20, maxNotificationsPerPublish: 100, publishingEnabled: true, priority: 1 });
    }
    const item = ClientMonitoredItem.create(subscription, { nodeId: c.nodeId, attributeId: AttributeIds.Value },
        { samplingInterval: 100, discardOldest: true, queueSize: 10 }, TimestampsToReturn.Both);
    item.on("changed", dv => print({ event: "change", nodeId: c.nodeId, value: plain(dv.value.value), status: dv.statusCode.name }));
    await new Promise((resolve, reject) => {
        item.once("initialized", resolve);
        item.once("err", message => reject(new Error(message)));
    });
    print({ cmd: "subscribe", ok: true, nodeId: c.nodeId });
}

async function disconnect() {
    subscription = null;
    if (session) {
        const s = session;
        session = null;
        await s.close().catch(() => {});
    }
    if (client) {
        const c = client;
        client = null;
        await c.disconnect().catch(() => {});
    }
}

const commands = { endpoints, connect, browse, read, subscribe, disconnect: async () => { await disconnect(); print({ cmd: "disconnect", ok: true }); } };

// Commands run one after the other, in the order they came.
let queue = Promise.resolve();
readline.createInterface({ input: process.stdin }).on("line", line => {
    queue = queue.then(async () => {
        let c;
        try {
            c = JSON.parse(line);
            await commands[c.cmd](c);
        } catch (e) {
            print({ cmd: c ? c.cmd : null, ok: false, error: String(e && e.message || e) });
        }
    });
}).on("close", () => queue.then(disconnect).then(() => process.exit(0)));
print({ event: "ready" });
