import type { ChildProcess } from "node:child_process";

/** `window.IMP`, the browser SDK as the sandbox's checkout defines it (a global `Window` declaration too). */
export * from "./iamport";

/** The REST API key the sandbox accepts unless started with `--key`. */
export declare const DEFAULT_KEY: "sandbox_imp_key";
/** The REST API secret the sandbox accepts unless started with `--secret`. */
export declare const DEFAULT_SECRET: "sandbox_imp_secret";

/** The prebuilt server of this platform (`IAMPORT_SANDBOX_BIN` overrides it); throws when none is installed. */
export declare function binaryPath(): string;

/** A TCP port nothing listens on right now. */
export declare function freePort(host?: string): Promise<number>;

export interface StartSandboxOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default: a free port. */
  port?: number;
  /** More arguments after `--host` and `--port` (see `iamport-sandbox --help`). */
  args?: string[];
  /** How long to wait for it to answer; default 10000. */
  timeoutMs?: number;
  /** Another binary than the installed one. */
  binary?: string;
}

export interface RunningSandbox {
  /** Where the API and the control API (`/_sandbox/`) answer, e.g. `http://127.0.0.1:4020`. */
  baseUrl: string;
  host: string;
  port: number;
  key: string;
  secret: string;
  process: ChildProcess;
  /** Ends the server (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/** Starts the server and resolves once it answers; rejects if it exits or does not answer in time. */
export declare function startSandbox(options?: StartSandboxOptions): Promise<RunningSandbox>;
