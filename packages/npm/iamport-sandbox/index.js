"use strict";
// Finds the prebuilt server (the @iamport-sandbox/<platform> package npm
// installed through optionalDependencies) and starts it for tests.
const { spawn } = require("node:child_process");
const net = require("node:net");

const DEFAULT_KEY = "sandbox_imp_key";
const DEFAULT_SECRET = "sandbox_imp_secret";

function platformPackage() {
  return `@iamport-sandbox/${process.platform}-${process.arch}`;
}

function binaryPath() {
  if (process.env.IAMPORT_SANDBOX_BIN) return process.env.IAMPORT_SANDBOX_BIN;
  const name = platformPackage();
  const exe = process.platform === "win32" ? "iamport-sandbox.exe" : "iamport-sandbox";
  try {
    return require.resolve(`${name}/bin/${exe}`);
  } catch {
    throw new Error(
      `iamport-sandbox: no prebuilt server for ${process.platform}-${process.arch} (${name} is not installed; ` +
        "it is an optional dependency, so installing with --no-optional or on another platform leaves it out). " +
        "Set IAMPORT_SANDBOX_BIN to a binary built with `cargo install iamport-sandbox`.",
    );
  }
}

function freePort(host = "127.0.0.1") {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function startSandbox(options = {}) {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? (await freePort(host));
  const timeoutMs = options.timeoutMs ?? 10000;
  const binary = options.binary ?? binaryPath();
  const child = spawn(binary, ["--host", host, "--port", String(port), ...(options.args ?? [])], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    if (stderr.length < 4096) stderr += chunk;
  });
  let exited = null;
  child.on("exit", (code, signal) => {
    exited = { code, signal };
  });
  let spawnError = null;
  child.on("error", (error) => {
    spawnError = error;
  });

  const baseUrl = `http://${host}:${port}`;
  const stop = () =>
    new Promise((resolve) => {
      if (exited || spawnError) return resolve();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill("SIGTERM");
    });

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (spawnError) throw new Error(`cannot run ${binary}: ${spawnError.message}`);
    if (exited) throw new Error(`iamport-sandbox exited with ${exited.code ?? exited.signal}: ${stderr.trim()}`);
    if (await answers(`${baseUrl}/_sandbox/clock`)) {
      return { baseUrl, host, port, key: DEFAULT_KEY, secret: DEFAULT_SECRET, process: child, stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await stop();
  throw new Error(`iamport-sandbox did not answer on ${baseUrl} within ${timeoutMs} ms`);
}

module.exports = { DEFAULT_KEY, DEFAULT_SECRET, binaryPath, freePort, startSandbox };
