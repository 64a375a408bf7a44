// The installed package's types: the helper, and window.IMP re-exported
// from the checkout's iamport.d.ts (type-checked only, never run).
import { startSandbox, type RequestPayParams, type RunningSandbox } from "iamport-sandbox";

export async function globalSetup(): Promise<() => Promise<void>> {
  const sandbox: RunningSandbox = await startSandbox({ timeoutMs: 5000 });
  process.env.IAMPORT_API_URL = sandbox.baseUrl;
  return () => sandbox.stop();
}

export function pay(params: RequestPayParams): void {
  window.IMP?.init("imp00000000");
  window.IMP?.request_pay(params, (response) => {
    console.log(response.imp_uid);
  });
}
