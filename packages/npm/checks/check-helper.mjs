// The installed package's helper: a sandbox on a free port gives a token,
// then stops.
import { DEFAULT_KEY, DEFAULT_SECRET, startSandbox } from "iamport-sandbox";

const sandbox = await startSandbox();
try {
  const response = await fetch(`${sandbox.baseUrl}/users/getToken`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ imp_key: DEFAULT_KEY, imp_secret: DEFAULT_SECRET }),
  });
  const body = await response.json();
  if (body.code !== 0 || !body.response?.access_token) throw new Error(`getToken: ${JSON.stringify(body)}`);
} finally {
  await sandbox.stop();
}
if (sandbox.process.exitCode === null && sandbox.process.signalCode === null) throw new Error("still running after stop()");
console.log(`startSandbox(): ${sandbox.baseUrl} gave a token, then stopped`);
